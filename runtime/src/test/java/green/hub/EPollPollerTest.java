package green.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hub's epoll poller over real loopback sockets, on this test's thread as its loop: waiters
 * run on edges, in both directions; what it knows of a drained fd; hang-ups; a wake-up from another
 * thread; an fd number reused after a close; fds past 1023.
 */
@Timeout(30)
class EPollPollerTest {

    private EPollPoller poller;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        poller = new EPollPoller();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        poller.close();
    }

    /** A connected pair of non-blocking loopback sockets. */
    private SocketChannel[] pair() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel a = SocketChannel.open(server.getLocalAddress());
            SocketChannel b = server.accept();
            a.configureBlocking(false);
            b.configureBlocking(false);
            open.add(a);
            open.add(b);
            return new SocketChannel[] {a, b};
        }
    }

    private static int fd(SocketChannel channel) throws ReflectiveOperationException {
        Method getFDVal = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
        getFDVal.setAccessible(true);
        return (int) getFDVal.invoke(channel);
    }

    private static void write(SocketChannel channel, int bytes) throws IOException {
        channel.write(ByteBuffer.allocate(bytes));
    }

    private static int drain(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        int total = 0;
        for (int n; (n = channel.read(buffer.clear())) > 0; ) {
            total += n;
        }
        return total;
    }

    @Test
    void aReaderRunsOnTheEdgeOfDataAndOnlyThen() throws Exception {
        SocketChannel[] p = pair();
        int fd = fd(p[0]);
        AtomicInteger ran = new AtomicInteger();
        poller.arm(fd, IoPoller.POLLIN, ran::incrementAndGet);
        assertEquals(0, poller.poll(0, null), "nothing to read yet");
        assertTrue(poller.knownDrained(fd, IoPoller.POLLIN), "an arm says the last read found nothing");
        write(p[1], 10);
        assertEquals(1, poller.poll(5000, null));
        assertEquals(1, ran.get());
        assertFalse(poller.knownDrained(fd, IoPoller.POLLIN), "an edge since");
        assertEquals(0, poller.armed());
        assertEquals(10, drain(p[0]));
        poller.drained(fd, IoPoller.POLLIN);
        assertTrue(poller.knownDrained(fd, IoPoller.POLLIN));
    }

    @Test
    void aDisarmedWaiterDoesNotRunAndEdgesWithoutOneAreRemembered() throws Exception {
        SocketChannel[] p = pair();
        int fd = fd(p[0]);
        Runnable waiter = () -> {
            throw new AssertionError("disarmed");
        };
        poller.arm(fd, IoPoller.POLLIN, waiter);
        assertSame(waiter, poller.disarm(fd, IoPoller.POLLIN));
        assertNull(poller.disarm(fd, IoPoller.POLLIN));
        write(p[1], 1);
        assertEquals(0, poller.poll(2000, null)); // the edge comes, nobody waits
        assertFalse(poller.knownDrained(fd, IoPoller.POLLIN), "remembered");
    }

    @Test
    void aWriterRunsWhenTheBufferHasRoomAgain() throws Exception {
        SocketChannel[] p = pair();
        int fd = fd(p[0]);
        while (p[0].write(ByteBuffer.allocate(1 << 16)) > 0) {
            // fill the send buffer and the peer's receive buffer
        }
        AtomicInteger ran = new AtomicInteger();
        poller.arm(fd, IoPoller.POLLOUT, ran::incrementAndGet);
        poller.poll(0, null);
        poller.drained(fd, IoPoller.POLLOUT);
        assertTrue(poller.knownDrained(fd, IoPoller.POLLOUT) || ran.get() == 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ran.get() == 0 && System.nanoTime() < deadline) {
            drain(p[1]);
            poller.poll(50, null);
        }
        assertEquals(1, ran.get(), "room again: the writer ran");
    }

    @Test
    void aHangUpLeavesTheFdNeverKnownDrainedAndAWaitReturnsAtOnce() throws Exception {
        SocketChannel[] p = pair();
        int fd = fd(p[0]);
        AtomicInteger ran = new AtomicInteger();
        poller.arm(fd, IoPoller.POLLIN, ran::incrementAndGet);
        write(p[1], 5);
        p[1].close(); // data, then the FIN: a read that empties the data leaves the FIN behind
        poller.poll(5000, null);
        assertEquals(1, ran.get());
        assertEquals(5, drain(p[0]));
        poller.drained(fd, IoPoller.POLLIN);
        assertFalse(poller.knownDrained(fd, IoPoller.POLLIN), "the next read returns the end of the stream");
        poller.arm(fd, IoPoller.POLLIN, ran::incrementAndGet);
        assertEquals(2, ran.get(), "a wait after a hang-up returns at once");
    }

    @Test
    void anotherThreadWakesABlockedPoll() throws Exception {
        CountDownLatch polling = new CountDownLatch(1);
        Thread waker = Thread.ofPlatform().start(() -> {
            try {
                polling.await();
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            poller.wakeup();
        });
        polling.countDown();
        long start = System.nanoTime();
        assertEquals(0, poller.poll(-1, null));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        waker.join();
    }

    @Test
    void aClosedFdsNumberServesItsNextSocket() throws Exception {
        SocketChannel[] first = pair();
        int fd = fd(first[0]);
        poller.arm(fd, IoPoller.POLLIN, () -> { });
        poller.disarm(fd, IoPoller.POLLIN);
        poller.closing(fd); // what the JDK's close hook says
        first[0].close();
        SocketChannel[] second = null;
        for (int i = 0; i < 20 && (second == null || fd(second[0]) != fd && fd(second[1]) != fd); i++) {
            second = pair();
        }
        SocketChannel reused = fd(second[0]) == fd ? second[0] : second[1];
        SocketChannel peer = reused == second[0] ? second[1] : second[0];
        assertEquals(fd, fd(reused), "the kernel gives the lowest free number");
        assertFalse(poller.knownDrained(fd, IoPoller.POLLIN), "nothing known of the new socket");
        AtomicInteger ran = new AtomicInteger();
        poller.arm(fd, IoPoller.POLLIN, ran::incrementAndGet);
        write(peer, 3);
        poller.poll(5000, null);
        assertEquals(1, ran.get(), "registered anew: its edge arrives");
    }

    @Test
    void fdsPastTheFirstThousandAreServed() throws Exception {
        while (true) {
            Pipe pipe = Pipe.open();
            open.add(pipe.source());
            open.add(pipe.sink());
            if (open.size() > 2200) {
                break;
            }
        }
        SocketChannel[] p = pair();
        int fd = fd(p[0]);
        assertTrue(fd >= 1024, "fd " + fd);
        AtomicInteger ran = new AtomicInteger();
        poller.arm(fd, IoPoller.POLLIN, ran::incrementAndGet);
        write(p[1], 1);
        poller.poll(5000, null);
        assertEquals(1, ran.get());
    }
}

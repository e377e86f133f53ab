package green.hub;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The hub's timers: a binary min-heap on deadline with O(log n) removal, because sleeps and socket
 * time-outs are cancelled far more often than they fire. Confined to the loop (but for the dump's
 * {@link #forEachAction}); whether a timer
 * fires or is cancelled is the timer's own compare-and-set ({@link Timer}).
 */
final class TimerHeap {
    private Timer[] heap = new Timer[64];
    private int size;
    private long nextSequence;

    int size() {
        return size;
    }

    /** Puts {@code timer}, made anywhere, in the heap; returns it. */
    Timer add(Timer timer) {
        timer.sequence = nextSequence++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        timer.index = size;
        heap[size++] = timer;
        siftUp(timer.index);
        return timer;
    }

    /** Takes the timer out of the heap if it is in it; returns whether it was. */
    boolean remove(Timer timer) {
        int i = timer.index;
        if (i < 0) {
            return false;
        }
        timer.index = -1;
        Timer last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.index = i;
            siftDown(i);
            siftUp(last.index);
        }
        return true;
    }

    /** Deadline of the earliest timer, or {@link Long#MAX_VALUE} when there is none. */
    long nextDeadlineNanos() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadlineNanos;
    }

    /** Removes and returns the earliest timer if it is due at {@code nowNanos}, else null. */
    Timer pollDue(long nowNanos) {
        if (size == 0 || heap[0].deadlineNanos - nowNanos > 0) {
            return null;
        }
        Timer first = heap[0];
        remove(first);
        return first;
    }

    /** Gives the action of each timer in the heap to {@code action}; any thread, as a sample (for the fiber dump). */
    void forEachAction(Consumer<Runnable> action) {
        for (Timer timer : heap) { // plain reads off the loop: entries may move or go meanwhile
            if (timer != null) {
                action.accept(timer.action);
            }
        }
    }

    private void siftUp(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = heap[parent];
            if (!t.before(p)) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
    }

    private void siftDown(int i) {
        Timer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].before(heap[child])) {
                child = right;
            }
            if (!heap[child].before(t)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].index = i;
            i = child;
        }
        heap[i] = t;
        t.index = i;
    }
}

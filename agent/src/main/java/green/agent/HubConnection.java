package green.agent;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.PrintStream;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX connection to the green hub MBean ({@value #HUB_MBEAN}) of another JVM, through the attach
 * API's local management agent: what {@code green.jar status} and {@code dump} read. Nothing of
 * green is loaded into the target; a JVM without green simply has no such MBean (found out after
 * a wait of {@value #REGISTRATION_WAIT_NANOS} ns, see {@link #awaitRegistered}).
 *
 * <p>Runs on the main thread of the caller's JVM.
 */
final class HubConnection implements AutoCloseable {

    static final String HUB_MBEAN = "green:type=Hub";
    private static final long REGISTRATION_WAIT_NANOS = 3_000_000_000L;

    private final JMXConnector connector;
    final MBeanServerConnection server;
    final ObjectName hub;

    private HubConnection(JMXConnector connector, MBeanServerConnection server, ObjectName hub) {
        this.connector = connector;
        this.server = server;
        this.hub = hub;
    }

    /** Connects, or prints one line to {@code err} and returns null. */
    static HubConnection open(String pid, String usage, PrintStream err) {
        if (!pid.matches("[0-9]+")) {
            err.println("green: '" + pid + "' is not a process id; " + usage);
            return null;
        }
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException e) {
            err.println("green: cannot attach to " + pid + ": " + e.getMessage());
            return null;
        }
        try {
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName hub = new ObjectName(HUB_MBEAN);
            if (!awaitRegistered(server, hub)) {
                connector.close();
                err.println("green: JVM " + pid + " does not run green (no " + HUB_MBEAN + " MBean; is its hub started?)");
                return null;
            }
            return new HubConnection(connector, server, hub);
        } catch (IOException | MalformedObjectNameException e) {
            err.println("green: cannot read the management agent of " + pid + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * Green registers its MBean only once the target's platform MBean server exists, which
     * {@code startLocalManagementAgent} may just have caused: it follows within a quarter second.
     */
    private static boolean awaitRegistered(MBeanServerConnection server, ObjectName hub) throws IOException {
        long deadline = System.nanoTime() + REGISTRATION_WAIT_NANOS;
        while (!server.isRegistered(hub)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** What a command reads from the hub MBean. */
    interface Query {
        void run(HubConnection connection) throws JMException, IOException;
    }

    /**
     * The frame of {@code status} and {@code dump}: checks {@code args} (one pid), connects, runs
     * {@code query}. Returns the exit status: 0, 1 when the JVM cannot be reached, does not run
     * green or the query fails, 2 for bad input.
     */
    static int run(String[] args, String usage, PrintStream err, Query query) {
        if (args.length != 1) {
            err.println("green: " + usage);
            return 2;
        }
        try (HubConnection connection = open(args[0], usage, err)) {
            if (connection == null) {
                return args[0].matches("[0-9]+") ? 1 : 2;
            }
            query.run(connection);
            return 0;
        } catch (JMException | IOException e) {
            err.println("green: cannot read the hub of " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}

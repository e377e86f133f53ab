package green.agent;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Comparator;
import javax.management.MBeanAttributeInfo;

/**
 * {@code java -jar green.jar status <pid>}: the hub's metrics in another JVM, one
 * "name: value" a line, as its MBean publishes them. Exit status 0, or 1 when the JVM cannot be
 * reached or does not run green, 2 for bad input.
 *
 * <p>Runs on the main thread of the caller's JVM.
 */
public final class StatusCommand {

    static final String USAGE = "usage: java -jar green.jar status <pid>";

    private StatusCommand() {
        throw new UnsupportedOperationException();
    }

    /** Entry point, called by name from {@link GreenMain}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return HubConnection.run(args, USAGE, err, connection -> {
            MBeanAttributeInfo[] attributes = connection.server.getMBeanInfo(connection.hub).getAttributes();
            Arrays.sort(attributes, Comparator.comparing(MBeanAttributeInfo::getName));
            for (MBeanAttributeInfo attribute : attributes) {
                out.println(attribute.getName() + ": " + connection.server.getAttribute(connection.hub, attribute.getName()));
            }
        });
    }
}

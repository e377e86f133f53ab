package green.agent;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.PrintStream;

/**
 * {@code java -jar green.jar list}: the JVMs of this user that could be attached, one
 * "pid main-class-or-jar" a line, as {@code jcmd -l} lists them (this JVM left out).
 *
 * <p>Runs on the main thread of the caller's JVM.
 */
public final class ListCommand {

    private ListCommand() {
        throw new UnsupportedOperationException();
    }

    /** Entry point, called by name from {@link GreenMain}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println("green: usage: java -jar green.jar list");
            return 2;
        }
        String self = Long.toString(ProcessHandle.current().pid());
        for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
            if (!vm.id().equals(self)) {
                out.println(vm.id() + " " + vm.displayName());
            }
        }
        return 0;
    }
}

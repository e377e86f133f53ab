package green.hooks;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The number behind a {@link FileDescriptor}, through the JDK's shared secrets (exported to the
 * runtime by the agent).
 *
 * <p>Any thread.
 */
final class Fds {

    private static final MethodHandle FD_VAL; // (FileDescriptor) -> int

    static {
        try {
            Class<?> access = Class.forName("jdk.internal.access.JavaIOFileDescriptorAccess");
            Object fdAccess = Class.forName("jdk.internal.access.SharedSecrets")
                    .getMethod("getJavaIOFileDescriptorAccess").invoke(null);
            FD_VAL = MethodHandles.lookup().findVirtual(access, "get", MethodType.methodType(int.class, FileDescriptor.class))
                    .bindTo(fdAccess);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Fds() {
        throw new UnsupportedOperationException();
    }

    static int val(FileDescriptor fd) {
        try {
            return (int) FD_VAL.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}

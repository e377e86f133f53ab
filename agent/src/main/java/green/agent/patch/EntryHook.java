package green.agent.patch;

import org.objectweb.asm.Type;

/**
 * A call inserted at the entry of one JDK method, the one kind of "advice" green puts into JDK
 * classes: load the method's arguments (and {@code this}, as an {@code Object}, for an instance
 * method), call a static method of {@code green.hooks}, and, for a replacing hook, return at once
 * when the hook returns true (the hook did the method's work). Nothing else of the class changes:
 * no member is added, so it works on retransformation.
 *
 * @param owner      internal name of the JDK class ({@code sun/nio/ch/Poller})
 * @param method     the method's name
 * @param descriptor the method's descriptor; a replacing hook needs a {@code void} method
 * @param hookOwner  internal name of the hook class ({@code green/hooks/PollHook})
 * @param hookName   the hook method's name
 * @param replacing  whether a true result of the hook skips the method's body
 * @param arguments  whether the hook receives the method's arguments (else it takes none)
 */
public record EntryHook(String owner, String method, String descriptor, String hookOwner, String hookName,
                        boolean replacing, boolean arguments) {

    /** A hook whose {@code true} result replaces the method's body. */
    public static EntryHook replacing(String owner, String method, String descriptor, String hookOwner) {
        return new EntryHook(owner, method, descriptor, hookOwner, method, true, true);
    }

    /** A hook that runs before the method's body, which then runs as usual. */
    public static EntryHook before(String owner, String method, String descriptor, String hookOwner) {
        return new EntryHook(owner, method, descriptor, hookOwner, method, false, true);
    }

    /** A hook without arguments, {@code hookOwner.hookName()}, that runs before the method's body. */
    public static EntryHook notifying(String owner, String method, String descriptor, String hookOwner, String hookName) {
        return new EntryHook(owner, method, descriptor, hookOwner, hookName, false, false);
    }

    public EntryHook {
        if (replacing && Type.getReturnType(descriptor) != Type.VOID_TYPE) {
            throw new IllegalArgumentException(owner + "." + method + descriptor + " is not void: it cannot be replaced");
        }
    }

    /** The hook's descriptor: the method's parameters, after an {@code Object} receiver for an instance method; or none. */
    String hookDescriptor(boolean isStatic) {
        if (!arguments) {
            return "()V";
        }
        String parameters = descriptor.substring(1, descriptor.indexOf(')'));
        return "(" + (isStatic ? "" : "Ljava/lang/Object;") + parameters + ")" + (replacing ? "Z" : "V");
    }

    /** The binary name of the JDK class. */
    String className() {
        return owner.replace('/', '.');
    }

    @Override
    public String toString() {
        return className() + "." + method + descriptor;
    }
}

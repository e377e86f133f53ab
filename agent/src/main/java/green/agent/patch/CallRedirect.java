package green.agent.patch;

/**
 * A call inside a JDK class sent elsewhere: in the methods of {@code inClass}, every call of
 * {@code target.name descriptor} ({@code invokestatic}, or {@code invokevirtual} when
 * {@code virtual}) becomes {@code invokestatic hookOwner.hookName hookDescriptor}. The operand
 * stack is the same before and after (an instance call's receiver becomes the hook's first
 * argument), so no frame changes; the class gains no member, so it works on retransformation.
 * The hook's parameter types may be wider than the call's ({@code Object} for a type the runtime
 * cannot name, such as the package-private {@code sun.nio.ch.NativeDispatcher}).
 *
 * <p>Used where an entry hook would come too late or not at all: entering a static method of
 * {@code sun.nio.ch.Poller} initializes that class, and with it the JDK's poller threads, which
 * green spares a program whose waits are all on the hub; and the hub must see the result of the
 * JDK's socket reads and writes, which an entry hook cannot.
 *
 * @param inClass        internal name of the JDK class whose calls are redirected
 * @param target         internal name of the class whose method is called
 * @param name           the called method's name
 * @param descriptor     the called method's descriptor
 * @param virtual        whether the call is an instance call ({@code invokevirtual})
 * @param hookOwner      internal name of the hook class
 * @param hookName       the hook method's name
 * @param hookDescriptor the hook method's descriptor
 */
public record CallRedirect(String inClass, String target, String name, String descriptor, boolean virtual,
                           String hookOwner, String hookName, String hookDescriptor) {

    /** A static call sent to the hook of the same name and descriptor. */
    public static CallRedirect ofStatic(String inClass, String target, String name, String descriptor, String hookOwner) {
        return new CallRedirect(inClass, target, name, descriptor, false, hookOwner, name, descriptor);
    }

    /** A static call sent to a hook with its own name and (wider) descriptor. */
    public static CallRedirect ofStatic(String inClass, String target, String name, String descriptor, String hookOwner,
                                        String hookName, String hookDescriptor) {
        return new CallRedirect(inClass, target, name, descriptor, false, hookOwner, hookName, hookDescriptor);
    }

    /** An instance call sent to a static hook that gets the receiver, as an {@code Object}, first. */
    public static CallRedirect ofVirtual(String inClass, String target, String name, String descriptor, String hookOwner,
                                         String hookName) {
        return new CallRedirect(inClass, target, name, descriptor, true, hookOwner, hookName,
                "(Ljava/lang/Object;" + descriptor.substring(1));
    }

    boolean matches(int opcode, String owner, String calledName, String calledDescriptor) {
        return opcode == (virtual ? org.objectweb.asm.Opcodes.INVOKEVIRTUAL : org.objectweb.asm.Opcodes.INVOKESTATIC)
                && owner.equals(target) && calledName.equals(name) && calledDescriptor.equals(descriptor);
    }

    @Override
    public String toString() {
        return inClass.replace('/', '.') + ": " + target.replace('/', '.') + "." + name + descriptor;
    }
}

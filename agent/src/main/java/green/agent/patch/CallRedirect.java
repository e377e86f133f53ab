package green.agent.patch;

/**
 * A call inside a JDK class sent elsewhere: in the methods of {@code inClass}, every
 * {@code invokestatic target.name descriptor} becomes {@code invokestatic hookOwner.name
 * descriptor}. The operand stack is the same before and after, so no frame changes; the class
 * gains no member, so it works on retransformation. Used where an entry hook would come too late:
 * entering a static method of {@code sun.nio.ch.Poller} initializes that class, and with it the
 * JDK's poller threads, which green wants to spare a program whose waits are all on the hub.
 *
 * @param inClass    internal name of the JDK class whose calls are redirected
 * @param target     internal name of the class whose static method is called
 * @param name       the called method's name, and the hook's
 * @param descriptor the called method's descriptor, and the hook's
 * @param hookOwner  internal name of the hook class
 */
public record CallRedirect(String inClass, String target, String name, String descriptor, String hookOwner) {

    boolean matches(String owner, String calledName, String calledDescriptor) {
        return owner.equals(target) && calledName.equals(name) && calledDescriptor.equals(descriptor);
    }

    @Override
    public String toString() {
        return inClass.replace('/', '.') + ": " + target.replace('/', '.') + "." + name + descriptor;
    }
}

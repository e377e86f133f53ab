package green.agent.patch;

import org.objectweb.asm.Type;

/**
 * A call inserted at the entry of one JDK method, the one kind of "advice" green puts into JDK
 * classes. Nothing else of the class changes: no member is added, so it works on
 * retransformation. What the inserted code does with the hook's answer is its {@link Shape}.
 *
 * @param owner      internal name of the JDK class ({@code java/lang/Thread})
 * @param method     the method's name
 * @param descriptor the method's descriptor
 * @param hookOwner  internal name of the hook class ({@code green/hooks/ThreadHook})
 * @param hookName   the hook method's name
 * @param shape      what the inserted code does with the hook's result
 * @param passes     what the hook receives (only {@link Shape#BEFORE} may take less than everything)
 */
public record EntryHook(String owner, String method, String descriptor, String hookOwner, String hookName,
                        Shape shape, Passes passes) {

    /** What the hook is given. */
    public enum Passes {
        /** Nothing: {@code hook()}. */
        NOTHING,
        /** The receiver of an instance method, as an {@code Object}. */
        RECEIVER,
        /** The receiver of an instance method, as an {@code Object}, then the method's parameters. */
        ALL
    }

    /** What the inserted code does, in Java terms ({@code args} are the receiver, as an {@code Object}, and the parameters). */
    public enum Shape {
        /** {@code hook(args);} then the method's body. */
        BEFORE,
        /** {@code if (hook(args)) return;} for a {@code void} method: a true result means the hook did the method's work. */
        REPLACING,
        /**
         * {@code Object v = hook(args); if (v != null) return (T) v;} for a method that returns a
         * value ({@code T}; a primitive result comes boxed): null means "not mine, run the body".
         */
        ANSWERING,
        /**
         * {@code Owner r = hook(this); if (r != null) return r.method(params);}: the same method on
         * another object of the class, which answers instead of {@code this}. The call is made from
         * inside the JDK class, so it reaches package-private methods a hook could not call.
         */
        REDIRECTING
    }

    /** A hook whose {@code true} result replaces the body of a {@code void} method. */
    public static EntryHook replacing(String owner, String method, String descriptor, String hookOwner) {
        return new EntryHook(owner, method, descriptor, hookOwner, method, Shape.REPLACING, Passes.ALL);
    }

    /** A hook that runs before the method's body, which then runs as usual. */
    public static EntryHook before(String owner, String method, String descriptor, String hookOwner) {
        return new EntryHook(owner, method, descriptor, hookOwner, method, Shape.BEFORE, Passes.ALL);
    }

    /** A hook that is given the receiver only, {@code hookOwner.hookName(this)}, before the method's body. */
    public static EntryHook beforeOn(String owner, String method, String descriptor, String hookOwner, String hookName) {
        return new EntryHook(owner, method, descriptor, hookOwner, hookName, Shape.BEFORE, Passes.RECEIVER);
    }

    /** A hook without arguments, {@code hookOwner.hookName()}, that runs before the method's body. */
    public static EntryHook notifying(String owner, String method, String descriptor, String hookOwner, String hookName) {
        return new EntryHook(owner, method, descriptor, hookOwner, hookName, Shape.BEFORE, Passes.NOTHING);
    }

    /**
     * A hook given the receiver only, {@code hookOwner.hookName(this)}, whose {@code true} result
     * replaces the body of a {@code void} method (for parameters of types a hook cannot name).
     */
    public static EntryHook replacingOn(String owner, String method, String descriptor, String hookOwner, String hookName) {
        return new EntryHook(owner, method, descriptor, hookOwner, hookName, Shape.REPLACING, Passes.RECEIVER);
    }

    /** A hook whose non-null answer is the method's result. */
    public static EntryHook answering(String owner, String method, String descriptor, String hookOwner) {
        return new EntryHook(owner, method, descriptor, hookOwner, method, Shape.ANSWERING, Passes.ALL);
    }

    /** {@code hookOwner.hookName(this)} names another object that answers the call instead, or null. */
    public static EntryHook redirecting(String owner, String method, String descriptor, String hookOwner, String hookName) {
        return new EntryHook(owner, method, descriptor, hookOwner, hookName, Shape.REDIRECTING, Passes.RECEIVER);
    }

    public EntryHook {
        boolean isVoid = Type.getReturnType(descriptor) == Type.VOID_TYPE;
        if (shape == Shape.REPLACING && !isVoid) {
            throw new IllegalArgumentException(owner + "." + method + descriptor + " is not void: it cannot be replaced");
        }
        if (shape == Shape.ANSWERING && isVoid) {
            throw new IllegalArgumentException(owner + "." + method + descriptor + " is void: it has no answer");
        }
        if (shape == Shape.REDIRECTING ? passes != Passes.RECEIVER : passes == Passes.NOTHING && shape != Shape.BEFORE) {
            throw new IllegalArgumentException(shape + " hooks cannot be given " + passes);
        }
    }

    /**
     * The hook's descriptor: the receiver as an {@code Object} for an instance method, then the
     * method's parameters ({@link Shape#REDIRECTING} takes the receiver only and returns the owner
     * class); none for a notifying hook.
     */
    public String hookDescriptor(boolean isStatic) {
        String given = switch (passes) {
            case NOTHING -> "";
            case RECEIVER -> isStatic ? "" : "Ljava/lang/Object;";
            case ALL -> (isStatic ? "" : "Ljava/lang/Object;") + parameters();
        };
        return switch (shape) {
            case REDIRECTING -> "(Ljava/lang/Object;)L" + owner + ";";
            case BEFORE -> "(" + given + ")V";
            case REPLACING -> "(" + given + ")Z";
            case ANSWERING -> "(" + given + ")Ljava/lang/Object;";
        };
    }

    private String parameters() {
        return descriptor.substring(1, descriptor.indexOf(')'));
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

package green.agent.patch;

/**
 * What a call-site rewriter knows about the class being transformed: its name, its loader, its
 * super class, the method being rewritten, and a counter of the sites rewritten in it.
 *
 * <p>Confined to the thread transforming that one class.
 */
public final class CallSiteContext {

    private final String className;
    private final String superName;
    private final ClassLoader loader;
    private final ClassHierarchy hierarchy;
    private final int classVersion;
    private String methodName = "";
    private String methodDescriptor = "";
    private int methodAccess;
    private int rewritten;

    CallSiteContext(String className, String superName, int classVersion, ClassLoader loader, ClassHierarchy hierarchy) {
        this.className = className;
        this.superName = superName;
        this.classVersion = classVersion;
        this.loader = loader;
        this.hierarchy = hierarchy;
    }

    /** The class file's major version (52 for Java 8): below 50 its methods carry no stack map frames. */
    public int classVersion() {
        return classVersion;
    }

    /** The descriptor of the method being rewritten now. */
    public String methodDescriptor() {
        return methodDescriptor;
    }

    /** The access flags of the method being rewritten now. */
    public int methodAccess() {
        return methodAccess;
    }

    public String className() {
        return className;
    }

    /** The internal name of the class's super class (null for {@code java/lang/Object}). */
    public String superName() {
        return superName;
    }

    /** The name of the method being rewritten now ({@code <init>} for a constructor). */
    public String methodName() {
        return methodName;
    }

    /** Called by the transformer as it enters each method: rewriters see one method at a time. */
    void enterMethod(int access, String name, String descriptor) {
        methodAccess = access;
        methodName = name;
        methodDescriptor = descriptor;
    }

    /**
     * Whether {@code owner} (an internal name) is {@code ancestor} or extends it, read from class
     * files without loading anything.
     */
    public boolean isSubclass(String owner, String ancestor) {
        if (owner.equals(ancestor)) {
            return true;
        }
        if (owner.equals(className)) {
            return superName != null && isSubclass(superName, ancestor);
        }
        return hierarchy.isSubclass(loader, owner, ancestor);
    }

    /** Called by a rewriter for each call site it replaced. */
    public void rewritten() {
        rewritten++;
    }

    int rewrittenCount() {
        return rewritten;
    }
}

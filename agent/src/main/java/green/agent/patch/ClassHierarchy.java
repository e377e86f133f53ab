package green.agent.patch;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;

/**
 * Answers "does class X extend Y" for call-site rewriting ({@code Worker.sleep(10)} is compiled
 * with owner {@code Worker} when {@code Worker extends Thread}) by reading super-class names from
 * class-file bytes. It never loads a class: loading from inside a transformer would define
 * classes out of order.
 *
 * <p>Thread-safe: the cache per class loader is synchronized; a loader that disappears drops its
 * entries (weak keys).
 */
final class ClassHierarchy {

    private static final Object BOOT = new Object();

    private final Map<Object, Map<String, String>> supers = new WeakHashMap<>();

    boolean isSubclass(ClassLoader loader, String internalName, String ancestor) {
        String name = internalName;
        for (int depth = 0; name != null && depth < 64; depth++) {
            if (name.equals(ancestor)) {
                return true;
            }
            if (name.equals("java/lang/Object")) {
                return false;
            }
            name = superName(loader, name);
        }
        return false;
    }

    private String superName(ClassLoader loader, String internalName) {
        Map<String, String> cache;
        synchronized (supers) {
            cache = supers.computeIfAbsent(loader == null ? BOOT : loader, k -> new ConcurrentHashMap<>());
        }
        String cached = cache.get(internalName);
        if (cached != null) {
            return cached.isEmpty() ? null : cached;
        }
        String superName = readSuperName(loader, internalName);
        cache.put(internalName, superName == null ? "" : superName);
        return superName;
    }

    private static String readSuperName(ClassLoader loader, String internalName) {
        String resource = internalName + ".class";
        try (InputStream in = loader != null ? loader.getResourceAsStream(resource)
                : ClassLoader.getSystemResourceAsStream(resource)) {
            return in == null ? null : new ClassReader(in).getSuperName();
        } catch (IOException | RuntimeException e) {
            return null; // unknown: not treated as a subclass, so the call is left alone
        }
    }
}

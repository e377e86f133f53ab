package green.agent.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class PollPatchTest {

    /**
     * Every call into {@code sun.nio.ch.Poller} in this JDK's classes must be redirected: one that
     * is not would initialize the JDK's poller behind the hub's back, and a close would then not
     * reach the virtual thread it parked (JdkPoller only forwards once it has been used itself).
     */
    @Test
    void everyCallIntoTheJdksPollerIsRedirected() throws IOException {
        Set<String> calls = new TreeSet<>();
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (Stream<Path> classes = Files.walk(jrt.getPath("/modules/java.base/sun/nio/ch"))) {
            for (Path file : classes.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    ClassReader reader = new ClassReader(in);
                    reader.accept(new ClassVisitor(Opcodes.ASM9) {
                        @Override
                        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                         String[] exceptions) {
                            return new MethodVisitor(Opcodes.ASM9) {
                                @Override
                                public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor,
                                                            boolean isInterface) {
                                    if (owner.equals("sun/nio/ch/Poller") && !reader.getClassName().startsWith("sun/nio/ch/Poller")
                                            && opcode == Opcodes.INVOKESTATIC) {
                                        calls.add(reader.getClassName() + ": " + owner + "." + called + calledDescriptor);
                                    }
                                }
                            };
                        }
                    }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
                }
            }
        }
        Set<String> redirected = new PollPatch().callRedirects().stream().filter(r -> r.target().equals("sun/nio/ch/Poller"))
                .map(r -> r.inClass() + ": " + r.target() + "." + r.name() + r.descriptor())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(calls, redirected);
    }
}

package green.junit;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link GreenTest}: one invocation of the test template, or one per seed,
 * each of which makes sure the agent runs ({@link AgentLoader}), then runs the test method's body
 * as a fiber and judges what the hub saw meanwhile ({@link HubRun}). It names no runtime class
 * itself: {@code HubRun} is linked only after the agent has defined the runtime in the bootstrap
 * class loader.
 *
 * <p>Called by JUnit on its test thread.
 */
public final class GreenExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, GreenTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        GreenTest test = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), GreenTest.class).orElseThrow();
        if (test.seeds() < 0) {
            throw new ExtensionConfigurationException("@GreenTest(seeds = " + test.seeds() + "): seeds is a count, 0 or more");
        }
        if (test.seeds() > 0 && test.seed() != GreenTest.NO_SEED) {
            throw new ExtensionConfigurationException("@GreenTest: give seeds (to explore) or seed (to replay one), not both");
        }
        if (test.seed() != GreenTest.NO_SEED) {
            return Stream.of(new Run(test.seed(), test.clock()));
        }
        if (test.seeds() > 0) {
            return LongStream.rangeClosed(1, test.seeds()).mapToObj(seed -> new Run(seed, test.clock()));
        }
        return Stream.of(new Run(null, test.clock()));
    }

    /** One run of the body: under a seed, or none. */
    private record Run(Long seed, GreenTest.Clock clock) implements TestTemplateInvocationContext, InvocationInterceptor {

        @Override
        public String getDisplayName(int invocationIndex) {
            return seed == null ? "on the hub" : "seed " + seed;
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(this);
        }

        @Override
        public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                                ExtensionContext context) throws Throwable {
            String failure = AgentLoader.ensureLoaded(System.err);
            if (failure != null) {
                invocation.skip();
                throw new ExtensionConfigurationException(failure);
            }
            Method method = invocationContext.getExecutable();
            GreenSettings settings;
            try {
                settings = GreenSettings.of(method, seed, clock);
            } catch (IllegalArgumentException e) {
                invocation.skip();
                throw new ExtensionConfigurationException(e.getMessage());
            }
            String name = "@GreenTest " + context.getRequiredTestClass().getSimpleName() + "." + method.getName() + "()";
            HubRun.run(invocation::proceed, name, settings, entry -> context.publishReportEntry("green.leftoverFibers", entry));
        }
    }
}

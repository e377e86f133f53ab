package green.junit;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The extension behind {@link GreenTest}: makes sure the agent runs ({@link AgentLoader}), then runs
 * the test method's body as a fiber and judges what the hub saw meanwhile ({@link HubRun}). It names
 * no runtime class itself: {@code HubRun} is linked only after the agent has defined the runtime in
 * the bootstrap class loader.
 *
 * <p>Called by JUnit on its test thread.
 */
public final class GreenExtension implements InvocationInterceptor {

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        String failure = AgentLoader.ensureLoaded(System.err);
        if (failure != null) {
            invocation.skip();
            throw new ExtensionConfigurationException(failure);
        }
        Method method = invocationContext.getExecutable();
        GreenSettings settings;
        try {
            settings = GreenSettings.of(method);
        } catch (IllegalArgumentException e) {
            invocation.skip();
            throw new ExtensionConfigurationException(e.getMessage());
        }
        String name = "@GreenTest " + context.getRequiredTestClass().getSimpleName() + "." + method.getName() + "()";
        HubRun.run(invocation::proceed, name, settings, entry -> context.publishReportEntry("green.leftoverFibers", entry));
    }
}

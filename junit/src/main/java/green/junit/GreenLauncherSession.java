package green.junit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Loads green's agent when the JUnit launcher opens its session, before any test class is discovered
 * (JUnit reflects on test classes' fields and methods then, which would load the green types they
 * name from green-runtime.jar, ahead of the agent's bootstrap copy). Registered as a service in
 * green-junit.jar; does nothing when {@code -javaagent} loaded the agent already or
 * {@code -Dgreen.junit.attach=false}. A failure here is reported by each {@link GreenTest} instead.
 *
 * <p>Called by the launcher, once per session.
 */
public final class GreenLauncherSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!"false".equals(System.getProperty(AgentLoader.ATTACH))) {
            AgentLoader.ensureLoaded(System.err);
        }
    }
}

package green;

/**
 * The default exception {@link Fiber#kill()} delivers, gevent's {@code GreenletExit}: a fiber that
 * ends with it was stopped on request, not failed, so {@link Fiber#get()} returns null for it.
 */
public class FiberExit extends RuntimeException {
    public FiberExit() {
        super("fiber killed");
    }

    protected FiberExit(String message) {
        super(message);
    }
}

package demo;

/** Tiny {@code key=value} argument parsing shared by the demos. */
final class Args {
    private final String[] args;

    Args(String[] args) {
        this.args = args;
    }

    int intValue(String key, int defaultValue) {
        String v = value(key);
        return v == null ? defaultValue : Integer.parseInt(v);
    }

    String value(String key, String defaultValue) {
        String v = value(key);
        return v == null ? defaultValue : v;
    }

    private String value(String key) {
        for (String a : args) {
            if (a.startsWith(key + "=")) {
                return a.substring(key.length() + 1);
            }
        }
        return null;
    }
}

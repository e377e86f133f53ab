package green.agent.patch;

/**
 * Whether one patch took, and if not why: what {@code green.debug} logs and what a future
 * {@code Monkey.isPatched(name)} answers.
 *
 * @param name   the patch name
 * @param status what happened
 * @param detail one line for the log, may be empty
 */
public record PatchReport(String name, Status status, String detail) {

    public enum Status { INSTALLED, DISABLED, FAILED }

    public boolean took() {
        return status == Status.INSTALLED;
    }

    @Override
    public String toString() {
        return name + ": " + status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}

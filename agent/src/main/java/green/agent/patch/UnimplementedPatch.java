package green.agent.patch;

/**
 * A row of the patch table whose code is still to come ({@code thread}, {@code dns},
 * {@code url}): it installs nothing and reports so, rather than pretending to have taken.
 *
 * <p>Immutable.
 */
record UnimplementedPatch(String name) implements Patch {

    @Override
    public boolean implemented() {
        return false;
    }
}

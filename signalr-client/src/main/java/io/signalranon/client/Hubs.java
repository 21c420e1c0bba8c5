package io.signalranon.client;

import java.util.regex.Pattern;

/** Rules for hub names shared by clients, tokens and the emulator. */
public final class Hubs {

    /** The hub name pattern of Azure SignalR Service. */
    public static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_`,.\\[\\]]{0,127}$");

    private Hubs() {}

    /**
     * Checks a hub name against the service's pattern.
     *
     * @return the name unchanged
     * @throws IllegalArgumentException when the name does not match
     */
    public static String requireValid(String hub) {
        if (hub == null || !NAME.matcher(hub).matches()) {
            throw new IllegalArgumentException("hub name must start with a letter and contain at most 128 of "
                    + "A-Z a-z 0-9 _ ` , . [ ], got '" + hub + "'");
        }
        return hub;
    }
}

package io.signalranon.maven.negotiate;

import io.signalranon.client.UserIds;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The user ids that get a test token: at least one, each a valid visitor id ({@link UserIds}), no
 * duplicates.
 *
 * @param ids the user ids in the order given
 */
public record TestUsers(List<String> ids) {

    /** The setting this value comes from. */
    public static final String SETTING = "signalr-anon.userIds";
    /** The default test user. */
    public static final String DEFAULT = "test-user";
    /** The longest user id accepted, in characters (code points). */
    public static final int MAX_LENGTH = UserIds.MAX_LENGTH;

    public TestUsers {
        if (ids == null || ids.isEmpty()) {
            throw new InvalidSettingException(SETTING, SETTING + " must name at least one test user id");
        }
        ids = List.copyOf(ids);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            requireValid(i, id);
            if (!seen.add(id)) {
                throw new InvalidSettingException(SETTING, SETTING + " lists '" + id + "' twice: remove the duplicate");
            }
        }
    }

    private static void requireValid(int index, String id) {
        UserIds.reason(id).ifPresent(reason -> {
            throw new InvalidSettingException(SETTING, SETTING + " entry " + (index + 1) + " " + reason);
        });
    }
}

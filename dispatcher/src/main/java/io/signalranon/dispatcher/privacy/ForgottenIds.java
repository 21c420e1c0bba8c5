package io.signalranon.dispatcher.privacy;

import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The forgotten ids, kept only as keyed hashes: {@link #add} records ids (in the caller's transaction),
 * {@link #remove} lets them in again ({@code forget --undo}), {@link #snapshot} is what a run keeps out.
 * The key is asked for only once an id is forgotten, and a key other than the one the hashes were made with
 * is refused (a {@link ForgetKeyException}), never trusted: it would let every forgotten id back in.
 */
public class ForgottenIds {

    private final ForgottenIdRepository hashes;
    private final Supplier<ForgetKey> key;
    private final Clock clock;

    /** @param key the forget key, asked for only when needed */
    public ForgottenIds(ForgottenIdRepository hashes, Supplier<ForgetKey> key, Clock clock) {
        this.hashes = Objects.requireNonNull(hashes, "hashes");
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records ids as forgotten; returns how many were not yet. */
    public int add(Collection<String> ids) {
        ForgetKey current = checkedKey();
        hashes.saveKeyCheck(current.check());
        return hashes.add(ids.stream().map(current::hash).toList(), clock.instant());
    }

    /** Lets ids in again; returns how many were forgotten. */
    public int remove(Collection<String> ids) {
        ForgetKey current = checkedKey();
        return hashes.remove(ids.stream().map(current::hash).toList());
    }

    /** The ids forgotten now; free to ask when none is. */
    public ForgottenSet snapshot() {
        if (hashes.count() == 0) {
            return ForgottenSet.NONE;
        }
        ForgetKey current = checkedKey();
        Set<String> all = hashes.all();
        return new ForgottenSet() {
            @Override
            public boolean contains(String id) {
                return all.contains(current.hash(id));
            }

            @Override
            public int size() {
                return all.size();
            }
        };
    }

    private ForgetKey checkedKey() {
        ForgetKey current = key.get();
        hashes.keyCheck().ifPresent(check -> {
            if (!check.equals(current.check())) {
                throw new ForgetKeyException("the forget key is not the one the forgotten ids were hashed with"
                        + " (dispatcher.privacy.forget-key or the key file beside the database changed): nothing"
                        + " was done; set the key they were made with");
            }
        });
        return current;
    }

    /** A set of forgotten ids at one moment. */
    public interface ForgottenSet {

        /** No id forgotten. */
        ForgottenSet NONE = new ForgottenSet() {
            @Override
            public boolean contains(String id) {
                return false;
            }

            @Override
            public int size() {
                return 0;
            }
        };

        /** Whether the id was forgotten. */
        boolean contains(String id);

        /** How many ids are forgotten. */
        int size();
    }
}

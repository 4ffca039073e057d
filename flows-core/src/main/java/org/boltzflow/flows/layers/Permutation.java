package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * Reorders coordinates: {@code x[:, i] = z[:, perm[i]]}; log|det| = 0. Made {@link #reverse}, {@link #random} from
 * a seed, {@link #swap} (the two halves exchanged, as normflows' {@code Permute(mode="swap")}) or {@link #of} an
 * explicit permutation.
 */
public final class Permutation implements FlowLayer {
    private final int[] perm;
    private final NDArray forwardIndex;
    private final NDArray inverseIndex;

    private Permutation(NDManager manager, int[] perm) {
        checkPermutation(perm, perm.length, "permutation");
        this.perm = perm.clone();
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[perm[i]] = i;
        }
        this.forwardIndex = manager.create(toLongs(perm));
        this.inverseIndex = manager.create(toLongs(inverse));
    }

    /** The explicit permutation {@code x[:, i] = z[:, perm[i]]}. */
    public static Permutation of(NDManager manager, int... perm) {
        return new Permutation(manager, perm);
    }

    /** Reverses the order of the coordinates. */
    public static Permutation reverse(NDManager manager, int dim) {
        int[] perm = new int[dim];
        for (int i = 0; i < dim; i++) {
            perm[i] = dim - 1 - i;
        }
        return new Permutation(manager, perm);
    }

    /** A uniformly random permutation drawn from {@code seed} (Fisher-Yates). */
    public static Permutation random(NDManager manager, int dim, long seed) {
        return new Permutation(manager, randomPermutation(dim, seed));
    }

    /** Exchanges the first {@code dim/2} coordinates with the rest: {@code perm = [dim/2, ..., dim-1, 0, ..., dim/2-1]}. */
    public static Permutation swap(NDManager manager, int dim) {
        int[] perm = new int[dim];
        int half = dim / 2;
        for (int i = 0; i < dim; i++) {
            perm[i] = (i + half) % dim;
        }
        return new Permutation(manager, perm);
    }

    /** A uniformly random permutation of {@code 0..dim-1} drawn from {@code seed}. */
    public static int[] randomPermutation(int dim, long seed) {
        int[] perm = new int[dim];
        for (int i = 0; i < dim; i++) {
            perm[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = dim - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    /** Checks that {@code perm} holds each of {@code 0..dim-1} exactly once, naming {@code what} if not. */
    static void checkPermutation(int[] perm, int dim, String what) {
        boolean[] seen = new boolean[dim];
        if (perm.length != dim) {
            throw new IllegalArgumentException(what + " has " + perm.length + " entries, expected " + dim);
        }
        for (int p : perm) {
            if (p < 0 || p >= dim || seen[p]) {
                throw new IllegalArgumentException(what + " " + Arrays.toString(perm)
                        + " is not a permutation of 0.." + (dim - 1));
            }
            seen[p] = true;
        }
    }

    private static long[] toLongs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }

    private static FlowResult reorder(NDArray input, NDArray index) {
        NDArray out = input.get(new NDIndex(":, {}", index));
        return new FlowResult(out, LayerSupport.zeroLogDet(input));
    }

    @Override
    public FlowResult forward(NDArray z) {
        return reorder(z, forwardIndex);
    }

    @Override
    public FlowResult inverse(NDArray x) {
        return reorder(x, inverseIndex);
    }

    /** The permutation (a copy). */
    public int[] permutation() {
        return perm.clone();
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("Permutation", perm.length);
        json.add("perm", ArchitectureJson.ints(perm));
        return json;
    }

    static Permutation fromJson(JsonObject json, NDManager manager) {
        return new Permutation(manager, ArchitectureJson.integers(json, "perm"));
    }
}

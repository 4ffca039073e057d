package org.boltzflow.flows.io;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The contract of every reader under fuzzing: a valid result or an {@link InvalidInputException} whose message
 * names the input, never another exception or error, and never a hang (each read is bounded in time). Also the
 * mutations the fuzz tests apply to valid files.
 */
public final class InputContract {
    /** Time one read may take; readers of the small fixtures take milliseconds. */
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private static ExecutorService worker;

    private InputContract() {}

    /** Runs {@code read}; passes on a result or on our input exception naming {@code source}, fails otherwise. */
    public static void validOrRefused(String source, String input, Callable<?> read) {
        Future<?> result = worker().submit(read);
        try {
            result.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            worker = null; // the hung thread is abandoned (daemon); later reads get a fresh one
            fail("read did not finish within " + LIMIT + " for input " + input);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof InvalidInputException)) {
                throw new AssertionError("not our input exception for input " + input + ": " + cause, cause);
            }
            if (cause.getMessage() == null || !cause.getMessage().contains(source)) {
                fail("message does not name " + source + ": " + cause.getMessage() + "\ninput: " + input);
            }
        }
    }

    private static synchronized ExecutorService worker() {
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "input-contract");
                t.setDaemon(true);
                return t;
            });
        }
        return worker;
    }

    /** {@code bytes} with 1 to 4 random edits: byte flips, 32-bit boundary values, deletions, insertions, cuts. */
    public static byte[] mutate(byte[] bytes, long seed) {
        Random random = new Random(seed);
        byte[] current = bytes.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && current.length > 0; e++) {
            int at = random.nextInt(current.length);
            switch (random.nextInt(6)) {
                case 0 -> current[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> current[at] = (byte) random.nextInt(256);
                case 2 -> {
                    int[] boundaries = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7fff, 0xffff, 1 << 30};
                    int value = boundaries[random.nextInt(boundaries.length)];
                    for (int k = 0; k < 4 && at + k < current.length; k++) {
                        current[at + k] = (byte) (value >>> (8 * (random.nextBoolean() ? k : 3 - k)));
                    }
                }
                case 3 -> current = splice(current, at, Math.min(current.length, at + 1 + random.nextInt(16)),
                        new byte[0]);
                case 4 -> {
                    byte[] insert = new byte[1 + random.nextInt(8)];
                    random.nextBytes(insert);
                    current = splice(current, at, at, insert);
                }
                default -> current = java.util.Arrays.copyOf(current, at);
            }
        }
        return current;
    }

    /** {@code text} with 1 to 4 random edits of characters, digits, signs and whole lines. */
    public static String mutate(String text, long seed) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder(text);
        String alphabet = "0123456789-+.eE \n,:\"{}[]()%aAxX=#*";
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(6)) {
                case 0 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 2 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(20)));
                case 3 -> {
                    String[] big = {"99999999999", "-1", "0", "2147483647", "1e309", "NaN", "-0", "1.5"};
                    b.insert(at, big[random.nextInt(big.length)]);
                }
                case 4 -> {
                    int start = b.lastIndexOf("\n", at) + 1;
                    int end = b.indexOf("\n", at);
                    String line = b.substring(start, end < 0 ? b.length() : end + 1);
                    b.insert(start, line);
                }
                default -> b.setLength(at);
            }
        }
        return b.toString();
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        byte[] out = new byte[bytes.length - (to - from) + insert.length];
        System.arraycopy(bytes, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(bytes, to, out, from + insert.length, bytes.length - to);
        return out;
    }

    /** A body run once per input seed of a fuzz test. */
    @FunctionalInterface
    public interface SeededInput {
        /** Builds and reads the input of {@code seed}. */
        void run(long seed) throws Exception;
    }

    /**
     * Runs {@code body} for {@code tries} input seeds drawn from {@code master}, so every run of the suite tries the
     * same inputs; a failure names the seed that reproduces it.
     */
    public static void forSeeds(long master, int tries, SeededInput body) throws Exception {
        SplittableRandom seeds = new SplittableRandom(master);
        for (int t = 0; t < tries; t++) {
            body.run(seeds.nextLong());
        }
    }
}

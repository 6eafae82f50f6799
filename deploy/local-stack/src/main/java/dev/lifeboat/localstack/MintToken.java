package dev.lifeboat.localstack;

import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.realservers.tokens.SigningKeys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Prints a bearer token for the local stack: {@code MintToken <state folder> <role> [user] [hours]}.
 * {@code ./lifeboat token <role>} calls it.
 */
public final class MintToken {

    private static final Set<String> ROLES = Set.of("viewer", "operator", "admin");

    private MintToken() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !ROLES.contains(args[1])) {
            System.err.println("usage: lifeboat token viewer|operator|admin [user] [hours]");
            System.exit(2);
        }
        String user = args.length > 2 ? args[2] : System.getProperty("user.name", "local");
        long hours = args.length > 3 ? Long.parseLong(args[3]) : 8;
        SigningKeys keys = SigningKeys.in(Path.of(args[0]).resolve("keys"));
        System.out.println(LocalTokens.mint(keys, user, args[1], Duration.ofHours(hours)));
    }
}

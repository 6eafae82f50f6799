package dev.lifeboat.realservers.quarkus;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Gives a {@code @QuarkusTest} real servers on loopback and the token-verification key:
 * {@code @QuarkusTestResource(value = RealServersTestResource.class, initArgs = @ResourceArg(name = "servers", value = "kafka,postgres,s3"))}.
 * Without the argument it starts all four. A test field of type {@link RealServers} annotated
 * {@link InjectRealServers} receives them. The servers are stopped after the tests, failed or not.
 */
public class RealServersTestResource implements QuarkusTestResourceLifecycleManager {

    private Set<RealServers.Kind> kinds = EnumSet.allOf(RealServers.Kind.class);
    private RealServers servers;

    @Override
    public void init(Map<String, String> initArgs) {
        String wanted = initArgs.get("servers");
        if (wanted != null && !wanted.isBlank()) {
            kinds = EnumSet.noneOf(RealServers.Kind.class);
            Arrays.stream(wanted.split(","))
                    .map(name -> RealServers.Kind.valueOf(name.trim().toUpperCase(Locale.ROOT)))
                    .forEach(kinds::add);
        }
    }

    @Override
    public Map<String, String> start() {
        servers = RealServers.start(kinds);
        Map<String, String> config = new HashMap<>(servers.settings());
        config.putAll(LocalTokens.verification(LocalTokens.testKeys()));
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(servers, new TestInjector.AnnotatedAndMatchesType(InjectRealServers.class, RealServers.class));
    }

    @Override
    public void stop() {
        if (servers != null) {
            servers.close();
        }
    }
}

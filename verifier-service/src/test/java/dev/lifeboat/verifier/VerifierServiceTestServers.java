package dev.lifeboat.verifier;

import dev.lifeboat.realservers.quarkus.RealServersTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this module runs against one real Kafka broker, and PostgreSQL server. */
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = @ResourceArg(name = "servers", value = "kafka,postgres"))
public class VerifierServiceTestServers {
}

package dev.lifeboat.verifier;

import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module runs against the stack of {@link VerifierTestStack}: real servers and the real backup service. */
@QuarkusTestResource(VerifierTestStack.class)
public class VerifierServiceTestServers {
}

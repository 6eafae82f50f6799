package dev.lifeboat.restore;

import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module runs against the stack of {@link RestoreTestStack}: real servers and the real backup service. */
@QuarkusTestResource(RestoreTestStack.class)
public class RestoreServiceTestServers {
}

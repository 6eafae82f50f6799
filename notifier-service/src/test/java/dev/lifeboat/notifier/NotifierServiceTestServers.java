package dev.lifeboat.notifier;

import dev.lifeboat.realservers.quarkus.RealServersTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this module runs against one real Kafka broker, PostgreSQL server and SMTP server, and the test channels. */
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = @ResourceArg(name = "servers", value = "kafka,postgres,mail"))
@QuarkusTestResource(NotifierTestChannels.class)
public class NotifierServiceTestServers {
}

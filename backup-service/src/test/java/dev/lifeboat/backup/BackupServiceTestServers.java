package dev.lifeboat.backup;

import dev.lifeboat.realservers.quarkus.RealServersTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this module runs against one real Kafka broker, PostgreSQL server and S3Proxy, with
 * archive encryption on, and the real wrangler for D1 databases.
 */
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = @ResourceArg(name = "servers", value = "kafka,postgres,s3"))
@QuarkusTestResource(ArchiveKeyTestResource.class)
@QuarkusTestResource(WranglerTestResource.class)
public class BackupServiceTestServers {
}

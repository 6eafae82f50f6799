package dev.lifeboat.service.stopping;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method whose run, in flight when the service stops, ends before the service's database pool and producers close;
 * once the service stops, no new run of it starts. Every {@code @Scheduled} method carries it (the architecture tests
 * check): a scheduler's tick cut off by the closing pool logged an error at a clean stop.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface EndsBeforeStop {
}

package dev.lifeboat.service.stopping;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Runs an {@link EndsBeforeStop} method as a run in flight of {@link RunsAtStop}, or not at all once the service stops. */
@EndsBeforeStop
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class EndsBeforeStopInterceptor {

    private final RunsAtStop runs;

    @Inject
    public EndsBeforeStopInterceptor(RunsAtStop runs) {
        this.runs = runs;
    }

    @AroundInvoke
    Object aroundRun(InvocationContext invocation) throws Exception {
        if (!runs.enter()) {
            return null;
        }
        try {
            return invocation.proceed();
        } finally {
            runs.leave();
        }
    }
}

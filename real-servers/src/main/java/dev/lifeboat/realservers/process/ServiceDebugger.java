package dev.lifeboat.realservers.process;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Location;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test's hold on a service it started with a debug port ({@link #jvmOption}): the service's thread that reaches a
 * statement of its source stops there (a line breakpoint, found by the statement's text, so it follows the code as it
 * moves), and the test then kills the process with SIGKILL exactly there, or looks at it while that thread stands
 * still. Nothing of it is in what ships: the service is its built jar, unchanged; only the JVM's own debug agent is on.
 */
public final class ServiceDebugger implements AutoCloseable {

    /**
     * Where to stop: the first line of {@code source} whose text holds {@code statement}, in class {@code className};
     * only where one of the stopped thread's frames is in a class whose name holds {@code caller} (null: anywhere); the
     * {@code hit}th time a thread reaches it (1: the first).
     */
    public record StopAt(String className, Path source, String statement, String caller, int hit) {

        public static StopAt statement(String className, Path source, String statement) {
            return new StopAt(className, source, statement, null, 1);
        }

        public StopAt calledFrom(String callerClass) {
            return new StopAt(className, source, statement, callerClass, hit);
        }

        /**
         * Stops the {@code nth} time the statement is reached (a loop's second round: {@code onHit(2)}), not the first. The
         * count is of every thread's passes, before {@link #calledFrom} is asked: with both, the nth pass must be the caller's.
         */
        public StopAt onHit(int nth) {
            return new StopAt(className, source, statement, caller, nth);
        }

        int line() {
            try {
                List<String> lines = Files.readAllLines(source);
                int found = 0;
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(statement)) {
                        if (found > 0) { // the first is not necessarily the one meant: a stop never reached
                            throw new IllegalStateException(source + " has \"" + statement + "\" at lines " + found + " and " + (i + 1)
                                    + ": name a statement found once");
                        }
                        found = i + 1;
                    }
                }
                if (found > 0) {
                    return found;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException(source + " has no line with \"" + statement + "\": the stop point moved; follow it");
        }
    }

    private final VirtualMachine vm;
    private final StopAt stopAt;
    private final int line;
    private final List<BreakpointRequest> breakpoints = new CopyOnWriteArrayList<>();
    /** The stopped thread's frames, once one stops where it should. */
    private final CompletableFuture<List<String>> stopped = new CompletableFuture<>();

    private ServiceDebugger(VirtualMachine vm, StopAt stopAt) {
        this.vm = vm;
        this.stopAt = stopAt;
        this.line = stopAt.line();
    }

    /** The JVM option that opens the debug port on loopback, the service running on (not waiting for a debugger). */
    public static String jvmOption(int port) {
        return "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=" + LoopbackPorts.HOST + ":" + port;
    }

    /** Attaches to the service's debug port and sets the stop (now if its class is loaded, else when it is). */
    public static ServiceDebugger attach(int port, StopAt stopAt) {
        AttachingConnector connector = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(candidate -> candidate.name().equals("com.sun.jdi.SocketAttach")).findFirst()
                .orElseThrow(() -> new IllegalStateException("this JDK has no socket-attaching debugger connector"));
        Map<String, Connector.Argument> arguments = connector.defaultArguments();
        arguments.get("hostname").setValue(LoopbackPorts.HOST);
        arguments.get("port").setValue(String.valueOf(port));
        try {
            ServiceDebugger debugger = new ServiceDebugger(connector.attach(arguments), stopAt);
            debugger.arm();
            // the debugger's events are handled at once, on a thread of their own: a thread of the service that loads the
            // stop's class waits for its breakpoint to be set, and must not wait for the test to ask
            Thread events = new Thread(debugger::handleEvents, "service-debugger-" + port);
            events.setDaemon(true);
            events.start();
            return debugger;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot attach to the debug port " + port, e);
        } catch (IllegalConnectorArgumentsException e) {
            throw new IllegalStateException(e);
        }
    }

    private void arm() {
        ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
        prepare.addClassFilter(stopAt.className());
        prepare.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        prepare.enable();
        vm.classesByName(stopAt.className()).forEach(this::breakIn);
    }

    private void breakIn(ReferenceType type) {
        try {
            // the line's code in its method, not in a lambda written on the same line
            Location location = type.locationsOfLine(line).stream().filter(at -> !at.method().name().startsWith("lambda$"))
                    .min(Comparator.comparingLong(Location::codeIndex))
                    .orElseThrow(() -> new IllegalStateException(stopAt.className() + " has no code on line " + line));
            BreakpointRequest breakpoint = vm.eventRequestManager().createBreakpointRequest(location);
            breakpoint.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            if (stopAt.hit() > 1) {
                breakpoint.addCountFilter(stopAt.hit());
            }
            breakpoint.enable();
            breakpoints.add(breakpoint);
        } catch (AbsentInformationException e) {
            throw new IllegalStateException(stopAt.className() + " was compiled without line numbers", e);
        }
    }

    /**
     * Waits until a thread stops at the statement (from the wanted caller) and leaves it stopped there, the stop
     * removed; threads that pass it from elsewhere go on. Returns the stopped thread's frames, innermost first.
     */
    public List<String> awaitStop(Duration within) throws InterruptedException {
        try {
            return stopped.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no thread reached " + stopAt.className() + " line " + line + " (" + stopAt.statement()
                    + ") within " + within);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the debugger lost the service: " + e.getCause(), e.getCause());
        }
    }

    private void handleEvents() {
        try {
            while (true) {
                EventSet events = vm.eventQueue().remove();
                boolean resume = true;
                for (Event event : events) {
                    if (event instanceof ClassPrepareEvent prepared) {
                        breakIn(prepared.referenceType());
                    } else if (event instanceof BreakpointEvent hit && !stopped.isDone()) {
                        List<String> frames = frames(hit.thread());
                        if (stopAt.caller() == null || frames.stream().anyMatch(frame -> frame.contains(stopAt.caller()))) {
                            breakpoints.forEach(EventRequest::disable);
                            stopped.complete(frames);
                            resume = false; // this thread stays where it stopped
                        }
                    }
                }
                if (resume) {
                    events.resume();
                }
            }
        } catch (InterruptedException | VMDisconnectedException e) {
            stopped.completeExceptionally(e);
        } catch (RuntimeException e) {
            stopped.completeExceptionally(e);
        }
    }

    private static List<String> frames(ThreadReference thread) {
        try {
            return thread.frames().stream().map(StackFrame::location)
                    .map(at -> at.declaringType().name() + "." + at.method().name() + ":" + at.lineNumber()).toList();
        } catch (IncompatibleThreadStateException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Lets go of the service: a stopped thread runs on from where it stood, so a test kills the process before it
     * closes this.
     */
    @Override
    public void close() {
        try {
            vm.dispose();
        } catch (RuntimeException e) {
            // the process is gone: nothing to let go of
        }
    }
}

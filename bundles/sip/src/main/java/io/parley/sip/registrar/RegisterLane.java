package io.parley.sip.registrar;

import io.parley.sip.edge.EdgeGate;
import io.parley.sip.steady.ServiceAwayException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datagram lane of the registrar: a REGISTER datagram of the common shape is read by
 * {@link RegisterDatagram}, answered by the registrar and written back on the listening socket by the
 * stack's thread that read it, before it is queued — without the stack's parser, message objects, valves,
 * transaction or encoder, nor the hand-off to a worker thread (a wake-up per datagram), which together cost
 * two thirds of a registration's CPU in bench/sip. Whatever the lane declines (another method, another
 * shape, over a limit) is queued for the stack's workers unchanged.
 *
 * <p>It keeps the stack's rules for a REGISTER: a blocked or throttled source is not answered (as
 * {@link EdgeGate} drops it); a retransmission gets the bytes of the first answer from {@link RecentAnswers}
 * (a copy arriving while the first is answered is dropped). What would make it wait for a store — the
 * answer to a challenge from a phone not looked up lately — it leaves to the stack's workers, so a slow
 * database never holds up the reading of the socket. It sheds no load (see {@link RegisterShedding}):
 * past its capacity the socket's buffer overflows and clients retransmit, and a retransmission of an answered
 * request costs a lookup in {@link RecentAnswers}.
 *
 * <pre>{@code
 * RegisterLane lane = new RegisterLane(phoneRegistrar, security::admits, limits, recent, retransmissions,
 *         Clock.systemUTC());
 * if (!lane.handle(packet, socket)) {
 *     // the stack parses and handles the datagram
 * }
 * }</pre>
 */
public final class RegisterLane {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterLane.class);
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);

    /** Answers REGISTERs; the {@link PhoneRegistrar} in the appliance. */
    interface Registrar {
        RegisterAnswer register(RegisterRequest request);

        /** Whether {@link #register} answers without asking a store (see {@link PhoneRegistrar#answersFromMemory}). */
        boolean answersFromMemory(RegisterRequest request);
    }

    private record Date(long second, String value) {
    }

    private final Registrar registrar;
    private final Predicate<String> admits;
    private final EdgeGate.Limits limits;
    private final RecentAnswers recent;
    private final LongAdder retransmissions;
    private final Clock clock;
    private final LongAdder answered = new LongAdder();
    private volatile Date date = new Date(-1, "");

    public RegisterLane(Registrar registrar, Predicate<String> admits, EdgeGate.Limits limits, RecentAnswers recent,
                        LongAdder retransmissions, Clock clock) {
        this.registrar = registrar;
        this.admits = admits;
        this.limits = limits;
        this.recent = recent;
        this.retransmissions = retransmissions;
        this.clock = clock;
    }

    /**
     * Handles {@code packet} if it is a REGISTER the lane reads: answers it on {@code socket} (or drops it,
     * for a blocked source or a copy being answered) and returns true; returns false to leave it to the stack.
     */
    boolean handle(DatagramPacket packet, DatagramSocket socket) {
        byte[] data = packet.getData();
        if (!RegisterDatagram.isRegister(data, packet.getOffset(), packet.getLength())) {
            return false;
        }
        RegisterDatagram register = RegisterDatagram.read(data, packet.getOffset(), packet.getLength(), limits);
        if (register == null) {
            return false;
        }
        InetAddress address = packet.getAddress();
        String ip = address.getHostAddress();
        int port = packet.getPort();
        int replyPort = register.replyPort(port);
        RegisterRequest request = register.request(ip, replyPort);
        if (!registrar.answersFromMemory(request)) {
            // a phone not looked up lately: its store lookup must not hold up the thread that reads the socket,
            // so the stack's workers answer it (RegisterValve, the same registrar); its next REGISTERs come here.
            // Decided before the source is admitted: admitting a throttled source uses up its one request a
            // second, and EdgeGate admits it again on the stack's way (SipRegistrarIT's guesser got no answer)
            return false;
        }
        if (!admits.test(ip)) {
            return true;
        }
        String key = register.key(ip, port);
        RecentAnswers.Claim claim = recent.claim(key);
        if (claim instanceof RecentAnswers.Answered known) {
            retransmissions.increment();
            send(socket, known.answer());
            return true;
        }
        if (claim instanceof RecentAnswers.InProgress) {
            return true;
        }
        RegisterAnswer answer;
        try {
            answer = registrar.register(request);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("REGISTER from {}:{} failed: {}", ip, port, e.toString());
            answer = e instanceof ServiceAwayException ? RegisterAnswer.busy(5) : RegisterAnswer.status(500);
        }
        RecentAnswers.Answer bytes = new RecentAnswers.Answer(register.answer(answer, ip, replyPort, date()), address,
                replyPort);
        recent.complete(key, bytes);
        // counted before it leaves: whoever reads the count after hearing the answer sees it
        answered.increment();
        send(socket, bytes);
        return true;
    }

    /** REGISTERs the lane answered (first answers, not retransmissions). */
    public long answered() {
        return answered.sum();
    }

    private static void send(DatagramSocket socket, RecentAnswers.Answer a) {
        try {
            socket.send(new DatagramPacket(a.bytes(), a.bytes().length, a.address(), a.port()));
        } catch (IOException e) {
            // as for any datagram: lost, the client retransmits
            LOG.debug("REGISTER answer to {}:{} not sent: {}", a.address().getHostAddress(), a.port(), e.toString());
        }
    }

    /** The Date header's value, made once a second. */
    private String date() {
        long millis = clock.millis();
        long second = millis / 1000;
        Date d = date;
        if (d.second() != second) {
            d = new Date(second, RFC_1123.format(java.time.Instant.ofEpochSecond(second)));
            date = d;
        }
        return d.value();
    }
}

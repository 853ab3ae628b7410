package io.argus.batch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import io.argus.services.ElasticsearchIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease that keeps runtimes sharing the metadata from running the batch flow at once: one
 * document in Elasticsearch (argus.index.locks-name) per bucket and batch prefix, with its holder and
 * the time it ends. Taking it is a compare-and-set (create-only, or a write conditional on the
 * version of an expired lease, {@code if_seq_no}), so of two runtimes exactly one wins. The holder
 * renews it while its run goes and deletes it at the end; a holder killed mid-run stops renewing,
 * and its lease ends {@link #TTL} later. Elasticsearch, because every runtime already shares it and
 * it offers compare-and-set; Quartz's clustering would need a database Argus does not have. Runtimes'
 * clocks are assumed to agree within seconds (NTP).
 */
public final class BatchLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLease.class);
    static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration RENEW_EVERY = Duration.ofSeconds(15);

    private final ElasticsearchClient es;
    private final String index;
    private final String id;
    private final String owner;
    private final Clock clock;
    private final ScheduledExecutorService renewals;
    private final ElasticsearchIndex leases;

    /**
     * @param id    what the lease guards: the bucket and batch prefix of the metadata's catalog
     * @param owner who takes it, as other runtimes are told (e.g. {@code <pid>@<host>/<random>})
     */
    public BatchLease(ElasticsearchClient es, String index, String id, String owner, Clock clock) {
        this.es = es;
        this.index = index;
        this.id = id;
        this.owner = owner;
        this.clock = clock;
        this.leases = ElasticsearchIndex.of(es, index, m -> m
                .properties("owner", p -> p.keyword(k -> k))
                .properties("until", p -> p.date(d -> d)));
        this.renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "argus-batch-lease");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The holder's record of the lease; {@code until} ISO-8601 (the client's JSON has no java.time). */
    record Holder(String owner, String until) {
        Instant end() {
            return Instant.parse(until);
        }
    }

    /**
     * Takes the lease and renews it until the returned handle is closed.
     *
     * @throws BatchAlreadyRunningException when another runtime holds it
     */
    public Held acquire() {
        try {
            leases.ensure();
            GetResponse<Holder> current = es.get(g -> g.index(index).id(id), Holder.class);
            Holder mine = new Holder(owner, clock.instant().plus(TTL).toString());
            IndexResponse taken;
            if (!current.found() || current.source() == null) {
                taken = es.index(i -> i.index(index).id(id).document(mine).opType(OpType.Create));
            } else if (current.source().end().isAfter(clock.instant())) {
                throw new BatchAlreadyRunningException(current.source().owner(), current.source().end());
            } else {
                LOG.warn("The batch lease of {} ended at {} without a release: taking it over",
                        current.source().owner(), current.source().until());
                taken = es.index(i -> i.index(index).id(id).document(mine)
                        .ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()));
            }
            return new Held(taken.seqNo(), taken.primaryTerm());
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                Optional<Holder> winner = holder();
                throw new BatchAlreadyRunningException(winner.map(Holder::owner).orElse("another runtime"),
                        winner.map(Holder::end).orElse(clock.instant().plus(TTL)));
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the batch lease in " + index, e);
        }
    }

    private Optional<Holder> holder() {
        try {
            return Optional.ofNullable(es.get(g -> g.index(index).id(id), Holder.class).source());
        } catch (IOException | ElasticsearchException e) {
            return Optional.empty();
        }
    }

    /** A lease this runtime holds: renewed in the background, released when closed. */
    public final class Held implements AutoCloseable {
        private long seqNo;
        private long primaryTerm;
        private volatile boolean lost;
        private final ScheduledFuture<?> renewal;

        private Held(long seqNo, long primaryTerm) {
            this.seqNo = seqNo;
            this.primaryTerm = primaryTerm;
            this.renewal = renewals.scheduleWithFixedDelay(this::renewNow, RENEW_EVERY.toMillis(),
                    RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** False once a renewal found the lease taken by another runtime (this one stalled past its end). */
        public boolean held() {
            return !lost;
        }

        /** What the background renewal does every {@link #RENEW_EVERY}. */
        synchronized void renewNow() {
            if (lost) {
                return;
            }
            try {
                IndexResponse renewed = es.index(i -> i.index(index).id(id)
                        .document(new Holder(owner, clock.instant().plus(TTL).toString()))
                        .ifSeqNo(seqNo).ifPrimaryTerm(primaryTerm));
                seqNo = renewed.seqNo();
                primaryTerm = renewed.primaryTerm();
            } catch (ElasticsearchException e) {
                if (e.status() == 409) {
                    lost = true;
                    LOG.error("The batch lease was taken by another runtime: this run will not commit");
                } else {
                    LOG.warn("Could not renew the batch lease ({}); trying again", e.getMessage());
                }
            } catch (IOException e) {
                LOG.warn("Could not renew the batch lease ({}); trying again", e.getMessage());
            }
        }

        @Override
        public synchronized void close() {
            renewal.cancel(false);
            if (lost) {
                return;
            }
            try {
                es.delete(d -> d.index(index).id(id).ifSeqNo(seqNo).ifPrimaryTerm(primaryTerm));
            } catch (IOException | ElasticsearchException e) {
                LOG.warn("Could not release the batch lease ({}); it ends by itself within {} s", e.getMessage(),
                        TTL.toSeconds());
            }
        }
    }

    /** Stops the renewals' thread, with the runtime. */
    @Override
    public void close() {
        renewals.shutdownNow();
    }
}

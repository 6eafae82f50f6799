package dev.lifeboat.audit.chain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Where the chain starts after a prune: the position and hash of the last pruned row. Written only by {@code prune_through()}. */
@Entity
@Table(name = "chain_anchor")
public class ChainAnchor extends PanacheEntityBase {

    @Id
    @Column(name = "through_seq")
    public long throughSeq;

    @Column(name = "hash", nullable = false, updatable = false)
    public String hash;

    @Column(name = "pruned_rows", nullable = false, updatable = false)
    public long prunedRows;

    @Column(name = "pruned_at", nullable = false, updatable = false)
    public Instant prunedAt;

    /** The newest anchor, or null when the chain was never pruned. Call inside a session. */
    public static Uni<ChainAnchor> newest() {
        return ChainAnchor.<ChainAnchor>find("order by throughSeq desc").firstResult();
    }
}

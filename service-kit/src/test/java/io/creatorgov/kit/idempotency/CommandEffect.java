package io.creatorgov.kit.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Test-only entity: the observable side effect of a command. */
@Entity
@Table(name = "command_effect")
public class CommandEffect {
  @Id @GeneratedValue public Long id;

  @Column(name = "request_id")
  public String requestId;

  public String payload;
}

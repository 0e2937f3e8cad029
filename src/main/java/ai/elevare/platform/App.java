package ai.elevare.platform;

import ai.elevare.core.Jdbc;
import ai.elevare.analytics.AnalyticsQueries;
import ai.elevare.analytics.AtRiskRule;
import ai.elevare.analytics.DashboardProjection;
import ai.elevare.http.AdminRoutes;
import ai.elevare.http.AnalyticsRoutes;
import ai.elevare.http.ApiSupport.ApiContext;
import ai.elevare.http.AuthRoutes;
import ai.elevare.http.ChangeHub;
import ai.elevare.http.GoalRoutes;
import ai.elevare.http.HttpApi;
import ai.elevare.http.ItemRoutes;
import ai.elevare.http.ItemReviewRoutes;
import ai.elevare.practice.generated.AiPracticeGenerator;
import ai.elevare.practice.generated.GeneratedItemStore;
import ai.elevare.practice.generated.PracticeItemWriter;
import ai.elevare.http.NudgeRoutes;
import ai.elevare.nudge.MailSettings;
import ai.elevare.nudge.NudgeDeliveries;
import ai.elevare.nudge.NudgeEngagement;
import ai.elevare.nudge.NudgeMailer;
import ai.elevare.nudge.NudgeOutbox;
import ai.elevare.nudge.NudgeIndex;
import ai.elevare.nudge.NudgeRules;
import ai.elevare.nudge.NudgeScanner;
import ai.elevare.nudge.NudgeSettings;
import ai.elevare.nudge.SubjectRelations;
import ai.elevare.http.OpsRoutes;
import ai.elevare.http.OverrideRoutes;
import ai.elevare.http.PracticeRoutes;
import ai.elevare.http.PrivacyRoutes;
import ai.elevare.http.ProgressRoutes;
import ai.elevare.http.AccountLimits;
import ai.elevare.core.Tombstones;
import ai.elevare.privacy.JournalReader;
import ai.elevare.privacy.QaRetention;
import ai.elevare.privacy.StudentPrivacy;
import ai.elevare.http.RateLimiter;
import ai.elevare.http.SecurityHeaders;
import ai.elevare.http.SharedBuckets;
import ai.elevare.http.auth.UserChanges;
import ai.elevare.http.QaRoutes;
import ai.elevare.http.StudentGateway;
import ai.elevare.http.SummaryRoutes;
import ai.elevare.summary.Deliveries;
import ai.elevare.summary.DomainVocabulary;
import ai.elevare.summary.SessionSummaryEntity;
import ai.elevare.summary.SummaryListener;
import ai.elevare.summary.SummaryProjection;
import ai.elevare.summary.SummaryQueries;
import ai.elevare.summary.SummaryResumer;
import ai.elevare.summary.SummarySettings;
import ai.elevare.summary.SummaryWorker;
import ai.elevare.summary.TranscriptFetcher;
import ai.elevare.summary.TranscriptSource;
import ai.elevare.summary.TranscriptSummarizer;
import ai.elevare.summary.WebhookVerifier;
import ai.elevare.ai.AiRuntime;
import ai.elevare.ai.AiSettings;
import ai.elevare.ai.KnowledgeDoc;
import ai.elevare.ai.Glossary;
import ai.elevare.ai.KnowledgeIndex;
import ai.elevare.ai.LocalProvider;
import ai.elevare.practice.math.MathSolver;
import ai.elevare.practice.math.SolverMathEngine;
import ai.elevare.qa.QaService;
import ai.elevare.http.ThreadRoutes;
import ai.elevare.tutor.ThreadStore;
import ai.elevare.http.auth.Access;
import ai.elevare.http.auth.CognitoVerifier;
import ai.elevare.http.auth.LocalIssuer;
import ai.elevare.http.auth.TokenService;
import ai.elevare.account.User;
import ai.elevare.account.UserDirectory;
import ai.elevare.practice.AnswerChecker;
import ai.elevare.practice.BankGenerator;
import ai.elevare.practice.ItemAuthoring;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.practice.ItemFlags;
import ai.elevare.analytics.ItemRatingProjection;
import ai.elevare.practice.MathCasGenerator;
import ai.elevare.practice.PracticeEngine;
import ai.elevare.practice.PracticeGeneratorFactory;
import ai.elevare.practice.SubjectCatalog;
import ai.elevare.practice.Subjects;
import ai.elevare.practice.math.Cas;
import ai.elevare.practice.math.MathAnswerChecker;
import ai.elevare.practice.math.MathGenerators;
import ai.elevare.practice.math.MathSolutions;
import ai.elevare.student.StudentCommand;
import ai.elevare.student.StudentEntity;
import ai.elevare.student.StudentReply;
import ai.elevare.telemetry.Telemetry;
import com.typesafe.config.Config;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * Boots one node: migrations, the actor system and its cluster membership, the student shards, the
 * projections, and the HTTP binding. Tests start it the same way, on PostgreSQL and a free port.
 */
public final class App implements AutoCloseable {
  public static final String DEMO_PASSWORD = "elevare-demo";
  // our own logger: the actor system's logs under org.apache.pekko, which logback keeps at WARN
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(App.class);

  private final Settings settings;
  private final Database db;
  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final List<User> demoUsers;
  private final Cas cas;

  private final RateLimiter limiter;
  private final ChangeHub changes;

  private App(Settings settings, Database db, ActorSystem<Void> system, ServerBinding binding,
      List<User> demoUsers, Cas cas, RateLimiter limiter, ChangeHub changes) {
    this.limiter = limiter;
    this.changes = changes;
    this.settings = settings;
    this.db = db;
    this.system = system;
    this.binding = binding;
    this.demoUsers = demoUsers;
    this.cas = cas;
  }

  public static App start(Settings settings) throws Exception {
    return start(settings, Clock.systemUTC());
  }

  /** With the clock every student actor, nudge rule and summary reads (tests move a clock of their own). */
  public static App start(Settings settings, Clock clock) throws Exception {
    PortCheck.requireFree(settings);
    // Refuse to start before touching anything when the webhook would have no secret of its own.
    SummarySettings summaries = SummarySettings.fromConfig(settings.elevare().getConfig("summaries"));
    String webhookSecret = summaries.resolveSecret(settings.embedded());
    if (summaries.webhookSecret().isEmpty()) {
      org.slf4j.LoggerFactory.getLogger(App.class)
          .warn("Summaries webhook uses the embedded default secret \"{}\"; set ELEVARE_WEBHOOK_SECRET", webhookSecret);
    }
    Database db = new Database(settings);
    db.migrate(settings.embedded());
    Jdbc jdbc = new Jdbc(db.dataSource());
    Config config = settings.config();
    Config elevare = settings.elevare();

    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "elevare", config);
    try {
      NodeStatus nodeStatus = NodeStatus.ID.get(system.classicSystem());
      nodeStatus.database(db);
      formCluster(system, elevare.getString("cluster.formation"));
      scala.concurrent.ExecutionContextExecutor blocking =
          system.dispatchers().lookup(DispatcherSelector.fromConfig("elevare-blocking-dispatcher"));

      // The CAS costs ~1.5 s on first use: pay it now, not on a student's first request.
      Cas cas = Cas.create(2);
      cas.warmUp();
      MathAnswerChecker mathChecker = new MathAnswerChecker(cas);

      ItemCatalog catalog = new ItemCatalog(jdbc);
      catalog.load();
      ItemRatingProjection.seedMissing(jdbc);
      catalog.refreshRatings();
      org.apache.pekko.actor.Cancellable ratingRefresh =
          system
              .scheduler()
              .scheduleAtFixedRate(
                  // ratings, and items flagged or reviewed on other nodes
                  Duration.ofSeconds(10), Duration.ofSeconds(10), catalog::refresh, blocking);

      int tags = elevare.getInt("student.projection-tags");
      ChangeHub changes = new ChangeHub(system);
      // The local model answers from the CAS, the bank's explanations and the study glossary,
      // indexed once here (Lucene, in memory) and searched by every question.
      List<KnowledgeDoc> material =
          catalog.all().stream()
              .map(i -> new KnowledgeDoc(i.id(), i.subject(), i.topic(), i.explanation()))
              .toList();
      List<KnowledgeDoc> knowledge = new java.util.ArrayList<>(material);
      knowledge.addAll(Glossary.load(Subjects.ALL));
      LocalProvider local =
          new LocalProvider(new SolverMathEngine(new MathSolver(cas)), KnowledgeIndex.build(knowledge), blocking);
      // Provider calls mostly wait on the network: their own wide pool, apart from JDBC and the CAS.
      Executor aiCalls =
          system.dispatchers().lookup(DispatcherSelector.fromConfig("elevare-ai-dispatcher"));
      AiRuntime aiRuntime =
          AiRuntime.create(system, AiSettings.fromConfig(elevare.getConfig("ai")), aiCalls, local);
      // Generated practice: the pool in memory, topped up in the background by the node's writer.
      AnswerChecker answerChecker = new AnswerChecker(mathChecker);
      GeneratedItemStore generated = new GeneratedItemStore(jdbc, catalog, clock);
      generated.refresh();
      org.apache.pekko.actor.typed.ActorRef<PracticeItemWriter.Command> itemWriter =
          system.systemActorOf(
              PracticeItemWriter.create(
                  new PracticeItemWriter.Deps(aiRuntime, catalog, generated, answerChecker, mathChecker, blocking, 6)),
              "practice-item-writer",
              org.apache.pekko.actor.typed.Props.empty());
      AiPracticeGenerator aiPractice = new AiPracticeGenerator(generated, itemWriter::tell);
      aiPractice.warmUp();
      org.apache.pekko.actor.Cancellable generatedRefresh =
          system.scheduler().scheduleAtFixedRate(Duration.ofSeconds(15), Duration.ofSeconds(15), generated::refresh, blocking);
      PracticeGeneratorFactory factory =
          new PracticeGeneratorFactory(
              new BankGenerator(catalog, new MathSolutions(cas)), new MathCasGenerator(new MathGenerators(cas)),
              aiPractice);
      PracticeEngine engine = new PracticeEngine(factory, answerChecker, blocking, catalog::slopes);
      StudentEntity.Qa qa =
          new StudentEntity.Qa(new QaService(java.util.Set.copyOf(Subjects.ALL), knowledge), aiRuntime);
      UserDirectory users = new UserDirectory(jdbc, elevare.getDuration("auth.user-cache-ttl"), blocking);
      Tombstones tombstones = Tombstones.load(jdbc);
      ThreadStore threads = new ThreadStore(jdbc);
      SubjectCatalog subjects = new SubjectCatalog(jdbc);
      NudgeSettings nudgeSettings = NudgeSettings.fromConfig(elevare.getConfig("nudges"));
      StudentEntity.init(
          system,
          new StudentEntity.Deps(
              engine, clock, elevare.getInt("student.snapshot-every"), tags, changes::publish, qa,
              new StudentAdapters(threads, users, jdbc, blocking, tombstones),
              new StudentEntity.Nudges(new NudgeRules(nudgeSettings, SubjectRelations.of(subjects)), aiRuntime)));

      // Nudges: the in-app store always (the dashboard projection writes each NudgeSent there);
      // e-mail only with an SMTP host.
      MailSettings mail = MailSettings.fromConfig(elevare);
      NudgeDeliveries nudgeDeliveries = new NudgeDeliveries(jdbc, clock, mail.enabled());
      ItemRatingProjection.init(system, db.dataSource(), catalog, tags);
      DashboardProjection.init(system, db.dataSource(), tags, nudgeDeliveries);
      // The durable half of the nudge timers: one scanner in the cluster wakes due students.
      ClusterSharding sharding = ClusterSharding.get(system);
      NudgeScanner.init(
          system, new NudgeIndex(jdbc), clock, nudgeSettings.scanInterval(), blocking,
          id -> sharding.entityRefFor(StudentEntity.ENTITY_KEY, id).tell(new StudentCommand.EvaluateNudges()));

      // Session summaries: one entity per tutoring session, its read model, and the resumer.
      Deliveries deliveries = new Deliveries(jdbc);
      SummaryQueries summaryQueries = new SummaryQueries(jdbc);
      SessionSummaryEntity.init(
          system,
          new SessionSummaryEntity.Deps(
              new SummaryWorker.Generation(
                  TranscriptSource.of(deliveries, new TranscriptFetcher(summaries)),
                  new TranscriptSummarizer(DomainVocabulary.build(material)),
                  aiRuntime,
                  blocking),
              summaryListener(sharding, settings.askTimeout()),
              summaries,
              clock));
      SummaryProjection.init(system, db.dataSource(), summaries.projectionTags());
      SummaryResumer.init(system, summaryQueries, blocking, summaries.resumeInterval());

      TokenService tokens = tokenService(elevare, jdbc, users);
      StudentPrivacy privacy =
          new StudentPrivacy(
              jdbc, tombstones, privacyEntities(sharding, settings.askTimeout().dividedBy(3)),
              JournalReader.of(system), users::forget, clock, settings.askTimeout());
      org.apache.pekko.actor.Cancellable qaRetention =
          new QaRetention(jdbc, clock, elevare.getDuration("privacy.qa-retention"))
              .start(system, elevare.getDuration("privacy.qa-retention-interval"), blocking);
      List<User> demo = settings.demoAccounts() ? users.seedDemoAccounts(DEMO_PASSWORD) : List.of();

      // the node's one registry: entities, AI calls and projections record into it through the system
      PrometheusMeterRegistry metrics = Telemetry.get(system).registry();
      nodeStatus.metrics(metrics); // GET /metrics on the management port

      org.apache.pekko.actor.Cancellable nudgeOutbox = null;
      if (mail.enabled()) {
        LOG.info("Nudge e-mail on: SMTP {}:{}, links to {}", mail.host(), mail.port(), mail.publicUrl());
        nudgeOutbox =
            new NudgeOutbox(nudgeDeliveries, new NudgeMailer(mail), clock, metrics)
                .start(system, elevare.getDuration("nudges.outbox-interval"), blocking);
      } else {
        LOG.info("Nudge e-mail is off: ELEVARE_SMTP_HOST is not set (nudges stay in the app)");
      }
      org.apache.pekko.actor.Cancellable outboxToCancel = nudgeOutbox;

      // Rate limits: shared by every node through PostgreSQL; in memory on the single embedded node.
      SharedBuckets buckets =
          settings.embedded() ? SharedBuckets.inMemory() : SharedBuckets.postgres(db.dataSource());
      Config rl = elevare.getConfig("rate-limit");
      RateLimiter limiter =
          new RateLimiter(
              new RateLimiter.Settings(
                  rl.getLong("per-minute"), rl.getLong("per-hour"), elevare.getInt("http.trusted-proxies"),
                  new RateLimiter.Costs(rl.getLong("costs.qa"), rl.getLong("costs.summary")),
                  rl.getLong("sync-batch")),
              buckets);
      AccountLimits accountLimits =
          new AccountLimits(
              new AccountLimits.Settings(
                  rl.getLong("sign-in.attempts"), rl.getDuration("sign-in.period"), elevare.getLong("ai.daily-quota")),
              buckets,
              clock);
      org.apache.pekko.actor.Cancellable limiterSync =
          buckets.shared()
              ? system.scheduler().scheduleWithFixedDelay(
                  rl.getDuration("sync-interval"), rl.getDuration("sync-interval"), () -> syncQuietly(limiter), blocking)
              : null;
      org.apache.pekko.actor.Cancellable bucketSweep =
          buckets.shared()
              ? system.scheduler().scheduleWithFixedDelay(
                  Duration.ofMinutes(1), Duration.ofMinutes(5), () -> buckets.sweep(10_000), blocking)
              : null;
      UserChanges.start(system, users, id -> changes.end(id, null));
      ApiContext ctx = new ApiContext(tokens, limiter, blocking);
      StudentGateway students = StudentGateway.of(sharding, settings.askTimeout());
      Access access = new Access(users);
      SummaryRoutes summaryRoutes =
          new SummaryRoutes(
              ctx,
              new WebhookVerifier(webhookSecret, summaries.timestampTolerance(), clock),
              users,
              access,
              deliveries,
              summaryQueries,
              id -> sharding.entityRefFor(SessionSummaryEntity.ENTITY_TYPE_KEY, id),
              settings.askTimeout(),
              clock);
      AuthRoutes auth = new AuthRoutes(ctx, users, accountLimits, clock);
      NudgeRoutes nudgeRoutes = new NudgeRoutes(ctx, nudgeDeliveries, access);
      HttpApi api =
          new HttpApi(
              new OpsRoutes(),
              auth,
              List.of(summaryRoutes.publicRoute(), nudgeRoutes.publicRoute()),
              List.of(
                  auth.route(),
                  summaryRoutes.route(),
                  new ProgressRoutes(ctx, students, access, subjects, changes).route(),
                  new GoalRoutes(ctx, students, access, jdbc).route(),
                  new PracticeRoutes(ctx, students).route(),
                  new ItemRoutes(ctx, new ItemAuthoring(jdbc, catalog, mathChecker)).route(),
                  new ItemReviewRoutes(ctx, generated, new ItemFlags(jdbc, catalog, clock), students).route(),
                  new AdminRoutes(ctx, users, clock).route(),
                  new PrivacyRoutes(ctx, students, users, privacy).route(),
                  new OverrideRoutes(ctx, students, access, catalog).route(),
                  new ThreadRoutes(ctx, threads, users).route(),
                  new QaRoutes(ctx, students, accountLimits).route(),
                  nudgeRoutes.route(),
                  new AnalyticsRoutes(
                          ctx,
                          new AnalyticsQueries(jdbc, AtRiskRule.DEFAULT, clock),
                          users,
                          new NudgeEngagement(jdbc, clock))
                      .route()),
              metrics,
              securityHeaders(elevare.getConfig("http")));

      ServerBinding binding =
          Http.get(system)
              .newServerAt(settings.httpHost(), settings.httpPort())
              // the nudge links (tracked click, unsubscribe) need no sign-in
              .bind(api.route())
              .toCompletableFuture()
              .get();
      binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
      nodeStatus.serving();
      // Open dashboard streams end cleanly before the binding goes away.
      CoordinatedShutdown.get(system)
          .addTask(
              CoordinatedShutdown.PhaseServiceUnbind(),
              "close-change-streams",
              () -> {
                changes.close();
                return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
              });
      CoordinatedShutdown.get(system)
          .addTask(
              CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
              "close-resources",
              () -> {
                ratingRefresh.cancel(); // else a refresh due now fails on the closed pool
                if (limiterSync != null) limiterSync.cancel();
                if (bucketSweep != null) bucketSweep.cancel();
                generatedRefresh.cancel();
                qaRetention.cancel();
                if (outboxToCancel != null) outboxToCancel.cancel();
                aiRuntime.close();
                cas.close();
                db.close();
                return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
              });
      return new App(settings, db, system, binding, demo, cas, limiter, changes);
    } catch (Exception | Error e) {
      system.terminate();
      db.close();
      throw e;
    }
  }

  /**
   * A ready summary goes to the student's actor (its topics steer practice, its narrative is Q&A
   * context, its stream announces it); the summary entity retries until this completes.
   */
  private static SummaryListener summaryListener(ClusterSharding sharding, Duration timeout) {
    return facts ->
        sharding
            .entityRefFor(StudentEntity.ENTITY_KEY, facts.studentId())
            .<StudentReply.SummaryRecorded>ask(
                replyTo ->
                    new StudentCommand.RecordSessionSummary(
                        facts.summaryId(), facts.sessionId(), facts.subject(), facts.topics(),
                        facts.nextSteps(), facts.narrative(), facts.at(), replyTo),
                timeout)
            .thenApply(recorded -> Done.getInstance());
  }

  /** A failed round (the database away for a moment) leaves the counts pending for the next one. */
  private static void syncQuietly(RateLimiter limiter) {
    try {
      limiter.tick();
    } catch (RuntimeException e) {
      LOG.warn("Rate-limit sync failed: {}", e.toString());
    }
  }

  private static SecurityHeaders.Settings securityHeaders(Config http) {
    java.util.Set<String> origins = new java.util.TreeSet<>();
    for (String o : http.getString("cors-origins").split(",")) {
      if (!o.isBlank()) origins.add(o.trim());
    }
    return new SecurityHeaders.Settings(origins, http.getBoolean("hsts"), http.getDuration("hsts-max-age"));
  }

  /** Erasure stops the student's entity and their session entities, wherever they run. */
  private static StudentPrivacy.Entities privacyEntities(ClusterSharding sharding, Duration timeout) {
    return new StudentPrivacy.Entities() {
      @Override
      public java.util.concurrent.CompletionStage<?> forgetStudent(String studentId) {
        return sharding
            .entityRefFor(StudentEntity.ENTITY_KEY, studentId)
            .<Done>ask(StudentCommand.Forget::new, timeout);
      }

      @Override
      public java.util.concurrent.CompletionStage<?> forgetSession(String sessionId) {
        return sharding
            .entityRefFor(SessionSummaryEntity.ENTITY_TYPE_KEY, sessionId)
            .<Done>ask(SessionSummaryEntity.Forget::new, timeout);
      }
    };
  }

  private static void formCluster(ActorSystem<Void> system, String formation) throws Exception {
    Cluster cluster = Cluster.get(system);
    // Every formation: /ready and /metrics are served here (ManagementEndpoints).
    startManagement(system);
    if (formation.equals("bootstrap")) {
      ClusterBootstrap.get(system).start();
    } else if (formation.equals("self")) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else if (!formation.equals("seed-nodes")) {
      // A typo would leave the node outside any cluster and never ready: refuse to start instead.
      throw new IllegalArgumentException(
          "elevare.cluster.formation must be self, bootstrap or seed-nodes, not " + formation);
    }
    // "seed-nodes": pekko.cluster.seed-nodes in the configuration does the joining.
  }

  private static void startManagement(ActorSystem<Void> system) throws Exception {
    try {
      int port = PekkoManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS).port();
      LOG.info("Management (GET /ready, /alive, /metrics, /cluster/members) on port {}", port);
    } catch (java.util.concurrent.ExecutionException e) {
      // lost a race with another process after PortCheck: still one clear line
      throw new IllegalStateException("The management port could not be bound: " + e.getCause().getMessage(), e);
    }
  }

  /** Where /ready and /metrics answer. */
  public int managementPort() throws Exception {
    return PekkoManagement.get(system).start().toCompletableFuture().get(5, TimeUnit.SECONDS).port();
  }

  private static TokenService tokenService(Config elevare, Jdbc jdbc, UserDirectory users) {
    String mode = elevare.getString("auth.mode");
    String issuer = elevare.getString("auth.issuer");
    String audience = elevare.getString("auth.audience");
    return switch (mode) {
      case "local" -> new LocalIssuer(jdbc, users, issuer, audience, elevare.getDuration("auth.token-ttl"));
      case "cognito" -> new CognitoVerifier(users, elevare.getString("auth.jwks-url"), issuer, audience);
      default -> throw new IllegalArgumentException("elevare.auth.mode must be local or cognito");
    };
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public Database database() {
    return db;
  }

  public Settings settings() {
    return settings;
  }

  /** This node's request limiter (tests sync it to check the cluster-wide bound exactly). */
  public RateLimiter rateLimiter() {
    return limiter;
  }

  /** This node's end of the dashboard change topic (tests wait until it reaches every node). */
  public ChangeHub changes() {
    return changes;
  }

  public List<User> demoUsers() {
    return demoUsers;
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      // terminating anyway
    }
    cas.close();
    db.close();
  }
}

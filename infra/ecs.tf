# The service: ECS Fargate tasks that find each other through Cloud Map DNS and form one Pekko
# cluster (conf/production.conf with ELEVARE_DISCOVERY_METHOD=pekko-dns).

resource "aws_ecr_repository" "app" {
  name                 = local.name
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the 30 most recent images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 30
      }
      action = { type = "expire" }
    }]
  })
}

resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

# ---- Cloud Map: one A record per running task, what cluster bootstrap resolves ---------------

resource "aws_service_discovery_private_dns_namespace" "main" {
  name        = var.discovery_namespace
  description = "ElevareAI cluster discovery"
  vpc         = aws_vpc.main.id
}

resource "aws_service_discovery_service" "app" {
  name = local.name

  dns_config {
    namespace_id   = aws_service_discovery_private_dns_namespace.main.id
    routing_policy = "MULTIVALUE"

    # A short TTL: a new task is seen by the others within seconds.
    dns_records {
      type = "A"
      ttl  = 10
    }
  }

  # ECS reports the task's health. The task has no container health check, so a task counts
  # as healthy once it runs: bootstrap must see tasks before they are ready (they become
  # ready only after joining the cluster).
  health_check_custom_config {
    failure_threshold = 1
  }
}

# ---- IAM -----------------------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:aws:ecs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*"]
    }
  }
}

# Used by ECS itself: pull the image, write logs, read the secrets into the environment.
resource "aws_iam_role" "execution" {
  name               = "${local.name}-task-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution_managed" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "execution_secrets" {
  statement {
    actions = ["secretsmanager:GetSecretValue"]
    resources = [
      aws_secretsmanager_secret.db.arn,
      aws_secretsmanager_secret.app.arn,
      aws_secretsmanager_secret.db_ca.arn,
      aws_secretsmanager_secret.artery_tls.arn,
    ]
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  name   = "read-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution_secrets.json
}

# Used by the containers. The application calls no AWS API (mail goes over SES SMTP, tokens are
# checked against Cognito's public JWKS); the metrics collector writes CloudWatch embedded-metric
# logs; ECS Exec only when switched on.
resource "aws_iam_role" "task" {
  name               = "${local.name}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "task_exec" {
  statement {
    actions = [
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "task_exec" {
  count  = var.enable_execute_command ? 1 : 0
  name   = "ecs-exec"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task_exec.json
}

data "aws_iam_policy_document" "task_metrics" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.metrics.arn}:*"]
  }
}

resource "aws_iam_role_policy" "task_metrics" {
  name   = "write-metrics"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task_metrics.json
}

# The collector sidecar: Prometheus scrape of the management port (8558, never exposed outside
# the task's security group), CloudWatch embedded metric format out, one log stream per task.
# Metrics carry the cluster and service names as dimensions (every task reports its own data
# points under them); only the names in collector_metric_selectors go to CloudWatch.
locals {
  collector_config = yamlencode({
    receivers = {
      prometheus = {
        config = {
          scrape_configs = [{
            job_name        = "elevare"
            scrape_interval = "30s"
            scrape_timeout  = "10s"
            metrics_path    = local.metrics_path
            static_configs = [{
              targets = ["localhost:${local.management_port}"]
              labels  = { ClusterName = local.name, ServiceName = local.name }
            }]
          }]
        }
      }
    }
    processors = {
      resourcedetection = { detectors = ["ecs"] }
      batch             = { timeout = "30s" }
    }
    exporters = {
      awsemf = {
        namespace               = "ElevareAI"
        log_group_name          = aws_cloudwatch_log_group.metrics.name
        log_stream_name         = "{TaskId}"
        dimension_rollup_option = "NoDimensionRollup"
        metric_declarations = [{
          dimensions            = [["ClusterName", "ServiceName"]]
          metric_name_selectors = var.collector_metric_selectors
        }]
      }
    }
    service = {
      pipelines = {
        metrics = { receivers = ["prometheus"], processors = ["resourcedetection", "batch"], exporters = ["awsemf"] }
      }
    }
  })

  # Writes the TLS material from Secrets Manager (injected as environment variables) to files
  # the application reads, then exits; the application container starts only after it succeeded.
  # The one ECS place that knows the file names (k8s mounts a Secret instead).
  secrets_to_files = join(" && ", [
    "umask 077",
    "mkdir -p ${local.artery_tls_dir}",
    "printf '%s\\n' \"$DB_CA_PEM\" > ${local.secrets_dir}/db-ca.pem",
    "printf '%s\\n' \"$ARTERY_NODE_KEY\" > ${local.artery_tls_dir}/tls.key",
    "printf '%s\\n' \"$ARTERY_NODE_CRT\" > ${local.artery_tls_dir}/tls.crt",
    "printf '%s\\n' \"$ARTERY_CA_PEM\" > ${local.artery_tls_dir}/ca.crt",
    "chmod 0444 ${local.secrets_dir}/db-ca.pem",
    "chown -R 10001:10001 ${local.secrets_dir}",
  ])
}

# ---- task definition -----------------------------------------------------------------------

resource "aws_ecs_task_definition" "app" {
  family                   = local.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # The root file system is read-only; the JVM's temp files go here.
  volume {
    name = "tmp"
  }

  # TLS files from Secrets Manager (the task's ephemeral storage, gone with the task).
  volume {
    name = "secrets"
  }

  container_definitions = jsonencode([{
    name      = "secrets-to-files"
    image     = local.image
    essential = false
    user      = "0"
    # The same image (it has a shell); root only to hand the files to the application's user.
    entryPoint             = ["sh", "-c"]
    command                = [local.secrets_to_files]
    readonlyRootFilesystem = true
    mountPoints            = [{ sourceVolume = "secrets", containerPath = local.secrets_dir, readOnly = false }]
    secrets = [
      { name = "DB_CA_PEM", valueFrom = aws_secretsmanager_secret.db_ca.arn },
      { name = "ARTERY_NODE_KEY", valueFrom = "${aws_secretsmanager_secret.artery_tls.arn}:node_key::" },
      { name = "ARTERY_NODE_CRT", valueFrom = "${aws_secretsmanager_secret.artery_tls.arn}:node_crt::" },
      { name = "ARTERY_CA_PEM", valueFrom = "${aws_secretsmanager_secret.artery_tls.arn}:ca_pem::" },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.app.name
        "awslogs-region"        = data.aws_region.current.name
        "awslogs-stream-prefix" = "init"
      }
    }
    }, {
    name      = "metrics-collector"
    image     = var.collector_image
    essential = false # losing metrics must not take a cluster member down
    cpu       = 128
    memory    = 256
    environment = [
      { name = "AOT_CONFIG_CONTENT", value = local.collector_config },
    ]
    dependsOn = [{ containerName = local.name, condition = "START" }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.app.name
        "awslogs-region"        = data.aws_region.current.name
        "awslogs-stream-prefix" = "collector"
      }
    }
    }, {
    name      = local.name
    image     = local.image
    essential = true
    dependsOn = [{ containerName = "secrets-to-files", condition = "SUCCESS" }]

    portMappings = [
      { name = "http", containerPort = local.http_port, protocol = "tcp" },
      { name = "management", containerPort = local.management_port, protocol = "tcp" },
      { name = "remoting", containerPort = local.artery_port, protocol = "tcp" },
    ]

    environment = [
      { name = "JAVA_TOOL_OPTIONS", value = var.java_tool_options },
      { name = "ELEVARE_LOG_LEVEL", value = var.log_level },
      { name = "ELEVARE_HTTP_PORT", value = tostring(local.http_port) },
      { name = "ELEVARE_DATA_DIR", value = "/tmp/elevare-data" },
      # Cluster: bootstrap over Cloud Map DNS. The advertised addresses default to the task's
      # own address (conf/production.conf: <getHostAddress>, <hostname>).
      { name = "ELEVARE_CLUSTER_FORMATION", value = "bootstrap" },
      { name = "ELEVARE_DISCOVERY_METHOD", value = "pekko-dns" },
      { name = "ELEVARE_DISCOVERY_SERVICE_NAME", value = local.discovery_name },
      { name = "ELEVARE_REQUIRED_CONTACT_POINTS", value = tostring(coalesce(var.required_contact_points, var.min_count)) },
      { name = "ELEVARE_CLUSTER_PORT", value = tostring(local.artery_port) },
      { name = "ELEVARE_MANAGEMENT_PORT", value = tostring(local.management_port) },
      # ELEVARE_APP_VERSION is not set: the image carries it (`make image`: the commit time), so
      # it rises with every release the deploy workflow rolls out.
      { name = "ELEVARE_CLUSTER_TLS_DIR", value = local.artery_tls_dir },
      # Database.
      { name = "ELEVARE_DB_URL", value = local.db_url },
      { name = "ELEVARE_DB_USER", value = var.db_username },
      { name = "ELEVARE_DB_JOURNAL_POOL", value = "4" },
      { name = "ELEVARE_DB_QUERY_POOL", value = "2" },
      { name = "ELEVARE_DB_APP_POOL", value = "6" },
      # Cognito access tokens; the audience is the app client id.
      { name = "ELEVARE_AUTH_MODE", value = "cognito" },
      { name = "ELEVARE_JWT_ISSUER", value = local.jwt_issuer },
      { name = "ELEVARE_JWT_AUDIENCE", value = aws_cognito_user_pool_client.web.id },
      { name = "ELEVARE_JWT_JWKS_URL", value = "${local.jwt_issuer}/.well-known/jwks.json" },
      { name = "ELEVARE_DEMO_ACCOUNTS", value = "false" },
      { name = "ELEVARE_RATE_PER_MINUTE", value = tostring(var.rate_per_minute) },
      { name = "ELEVARE_RATE_PER_HOUR", value = tostring(var.rate_per_hour) },
      # AI gateway, summaries, nudges.
      { name = "ELEVARE_AI_PROVIDER", value = var.ai_provider },
      { name = "OPENAI_BASE_URL", value = var.openai_base_url },
      { name = "ELEVARE_TRANSCRIPT_HOSTS", value = var.transcript_hosts },
      { name = "ELEVARE_SMTP_HOST", value = local.smtp_host },
      { name = "ELEVARE_SMTP_PORT", value = "587" },
      { name = "ELEVARE_SMTP_FROM", value = var.mail_from },
      { name = "ELEVARE_PUBLIC_URL", value = local.public_url },
    ]

    # Read by ECS when a task starts; a changed secret reaches tasks started after the change.
    secrets = [
      { name = "ELEVARE_DB_PASSWORD", valueFrom = "${aws_secretsmanager_secret.db.arn}:password::" },
      { name = "OPENAI_API_KEY", valueFrom = "${aws_secretsmanager_secret.app.arn}:OPENAI_API_KEY::" },
      { name = "ELEVARE_WEBHOOK_SECRET", valueFrom = "${aws_secretsmanager_secret.app.arn}:ELEVARE_WEBHOOK_SECRET::" },
      { name = "ELEVARE_SMTP_USER", valueFrom = "${aws_secretsmanager_secret.app.arn}:ELEVARE_SMTP_USER::" },
      { name = "ELEVARE_SMTP_PASSWORD", valueFrom = "${aws_secretsmanager_secret.app.arn}:ELEVARE_SMTP_PASSWORD::" },
    ]

    readonlyRootFilesystem = true
    mountPoints = [
      { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
      { sourceVolume = "secrets", containerPath = local.secrets_dir, readOnly = true },
    ]

    # SIGTERM starts coordinated shutdown (leave the cluster, hand shards over; 75 s worst case
    # with Pekko's phase timeouts); Fargate waits at most 120 s before SIGKILL.
    stopTimeout = 120

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.app.name
        "awslogs-region"        = data.aws_region.current.name
        "awslogs-stream-prefix" = "app"
        # Do not block the JVM on a slow log pipeline.
        "mode"            = "non-blocking"
        "max-buffer-size" = "25m"
      }
    }
  }])
}

# ---- service -------------------------------------------------------------------------------

resource "aws_ecs_service" "app" {
  name             = local.name
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.app.arn
  desired_count    = var.min_count
  launch_type      = "FARGATE"
  platform_version = "LATEST"

  # Rolling update, never a second cluster: new tasks join the running cluster (same Cloud Map
  # name) and pass the ALB check before an old one is stopped; their higher app-version makes
  # shards move to them first (docs/operations.md, "Releases on ECS"). main.tf explains the
  # percentage (at least one extra task, even at 1 or 2 tasks).
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = local.deployment_maximum_percent

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # Start-up (migrations, CAS warm-up, joining the cluster) before ALB checks count.
  health_check_grace_period_seconds = 180

  enable_execute_command = var.enable_execute_command
  propagate_tags         = "SERVICE"

  network_configuration {
    subnets          = aws_subnet.app[*].id
    security_groups  = [aws_security_group.app.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = local.name
    container_port   = local.http_port
  }

  service_registries {
    registry_arn = aws_service_discovery_service.app.arn
  }

  # Autoscaling (autoscaling.tf) owns the count, the deploy workflow the task definition
  # revision (it registers one per release from the latest revision of this family, so
  # Terraform's task definition changes go out with the next release).
  lifecycle {
    ignore_changes = [desired_count, task_definition]
  }

  # Tasks read the secrets at start: their values must exist before the first task does.
  depends_on = [
    aws_lb_listener.https,
    aws_iam_role_policy.execution_secrets,
    aws_secretsmanager_secret_version.db,
    aws_secretsmanager_secret_version.app,
    aws_secretsmanager_secret_version.db_ca,
  ]
}

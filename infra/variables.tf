variable "name" {
  description = "Name prefix of every resource; also the ECS service and Cloud Map service name."
  type        = string
  default     = "elevare"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name: lower-case letters, digits and dashes, 2 to 21 characters, starting with a letter."
  }
}

variable "environment" {
  description = "Environment tag (production, staging, ...)."
  type        = string
  default     = "production"
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

# ---- network -------------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR block of the VPC; split into public, application and database subnets per AZ."
  type        = string
  default     = "10.40.0.0/16"
}

variable "az_count" {
  description = "Availability zones used (one subnet of each tier per zone). 3 lets each task of a 3-node cluster sit in its own zone."
  type        = number
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 3
    error_message = "az_count must be 2 or 3 (RDS and the ALB need at least two zones)."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper) instead of one per zone (survives a zone outage)."
  type        = bool
  default     = false
}

variable "allowed_ingress_cidrs" {
  description = "Networks allowed to reach the load balancer directly, besides CloudFront (cloudfront.tf), e.g. an operator's VPN. Clients go through CloudFront."
  type        = list(string)
  default     = []
}

# ---- service -------------------------------------------------------------------------------

variable "image_tag" {
  description = "Tag of the image (`make image`, the git commit) for the first deployment. Later releases come from .github/workflows/deploy.yml, which registers task definition revisions itself; the service ignores Terraform's. The image carries its pekko.cluster.app-version (ELEVARE_APP_VERSION)."
  type        = string
}

variable "min_count" {
  description = "Fewest cluster nodes (ECS tasks), also the first desired count. 3: a majority survives one lost task (split-brain resolver) and bootstrap has its contact points."
  type        = number
  default     = 3

  validation {
    condition     = var.min_count >= 1
    error_message = "min_count must be at least 1."
  }
}

variable "max_count" {
  description = "Most cluster nodes autoscaling may run."
  type        = number
  default     = 10

  validation {
    condition     = var.max_count >= var.min_count
    error_message = "max_count must be at least min_count."
  }
}

variable "scale_cpu_percent" {
  description = "Target tracking: average CPU utilisation of the service's tasks."
  type        = number
  default     = 70
}

variable "scale_requests_per_task" {
  description = "Target tracking: ALB requests per task per minute."
  type        = number
  default     = 1000
}

variable "scale_in_cooldown_seconds" {
  description = "Seconds between two scale-ins: every removed task leaves the cluster and hands its shards over; the survivors take its students and recover their state first."
  type        = number
  default     = 600
}

variable "required_contact_points" {
  description = "Nodes that must be discovered before a brand-new cluster forms (ELEVARE_REQUIRED_CONTACT_POINTS). Defaults to min_count."
  type        = number
  default     = null
}

variable "task_cpu" {
  description = "Fargate task CPU units (2048 = 2 vCPU)."
  type        = number
  default     = 2048
}

variable "task_memory" {
  description = "Fargate task memory in MiB. Fargate's smallest size for 2 vCPU is 4096."
  type        = number
  default     = 4096
}

variable "java_tool_options" {
  description = "JVM flags (JAVA_TOOL_OPTIONS): ParallelGC, heap as a share of the task memory (65 % of 4 GiB: 2.6 GiB; the rest is the JVM's non-heap, ~1 GiB, and the collector sidecar's 256 MiB), exit on OOM so ECS replaces the task."
  type        = string
  default     = "-XX:+UseParallelGC -XX:InitialRAMPercentage=65 -XX:MaxRAMPercentage=65 -XX:+ExitOnOutOfMemoryError"
}

variable "log_level" {
  description = "Root log level (ELEVARE_LOG_LEVEL)."
  type        = string
  default     = "INFO"
}

variable "rate_per_minute" {
  description = "Requests per user per minute (ELEVARE_RATE_PER_MINUTE)."
  type        = number
  default     = 100
}

variable "rate_per_hour" {
  description = "Requests per user per hour (ELEVARE_RATE_PER_HOUR)."
  type        = number
  default     = 1000
}

variable "enable_execute_command" {
  description = "Allow ECS Exec (aws ecs execute-command) into running tasks."
  type        = bool
  default     = false
}

variable "discovery_namespace" {
  description = "Private DNS namespace (Cloud Map) in which each task registers an A record for cluster bootstrap."
  type        = string
  default     = "elevare.internal"
}

variable "collector_image" {
  description = "AWS Distro for OpenTelemetry collector (metrics sidecar: scrapes the management port's /metrics into CloudWatch). Pin a version; update deliberately."
  type        = string
  default     = "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0"
}

variable "collector_metric_selectors" {
  description = "Regular expressions of the Prometheus metric names the collector sends to CloudWatch (each metric name costs money there)."
  type        = list(string)
  default     = ["^elevare_.*", "^jvm_memory_used_bytes$", "^jvm_gc_pause_seconds_(sum|count)$", "^up$"]
}

variable "readiness_metric" {
  description = "Prometheus gauge (1 = ready: Up member, database, migrations) that the readiness alarm counts per task; the ALB's own check leaves the database out."
  type        = string
  default     = "elevare_ready"
}

# ---- load balancer -------------------------------------------------------------------------

variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener (must cover the name clients use)."
  type        = string
}

variable "alb_idle_timeout" {
  description = "Seconds an idle connection stays open at the ALB. Must stay below the service's pekko.http.server.idle-timeout (120 s), or the ALB may reuse a connection the service is closing (502s). Dashboard streams send a heartbeat every 15 s."
  type        = number
  default     = 60
}

# ---- web front (CloudFront) ----------------------------------------------------------------

variable "public_domain" {
  description = "Public host name clients use (CloudFront alias, e.g. app.example.com); empty: the distribution's own *.cloudfront.net name."
  type        = string
  default     = ""
}

variable "cloudfront_certificate_arn" {
  description = "ACM certificate in us-east-1 for public_domain (CloudFront only takes certificates from there). Required with public_domain."
  type        = string
  default     = ""
}

variable "api_origin_domain" {
  description = "Name CloudFront dials for the API: a DNS name of the ALB (alias record) covered by certificate_arn, e.g. origin.example.com."
  type        = string
}

variable "cloudfront_price_class" {
  description = "CloudFront edge locations used (PriceClass_100: North America and Europe)."
  type        = string
  default     = "PriceClass_100"
}

# ---- delivery (GitHub Actions) ---------------------------------------------------------------

variable "github_repository" {
  description = "owner/name of the GitHub repository whose deploy workflow may push images and update the service (OIDC, no stored keys); empty: no role."
  type        = string
  default     = ""
}

variable "github_environment" {
  description = "GitHub environment the deploy job runs in; only that environment may assume the role."
  type        = string
  default     = "production"
}

# ---- database ------------------------------------------------------------------------------

variable "db_name" {
  description = "PostgreSQL database name."
  type        = string
  default     = "elevare"
}

variable "db_username" {
  description = "PostgreSQL master user, used by the service."
  type        = string
  default     = "elevare"
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_allocated_storage" {
  description = "Initial storage in GiB."
  type        = number
  default     = 50
}

variable "db_max_allocated_storage" {
  description = "Storage autoscaling ceiling in GiB (the journal only grows)."
  type        = number
  default     = 500
}

variable "db_multi_az" {
  description = "Synchronous standby in a second zone with automatic failover."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number
  default     = 14
}

variable "db_deletion_protection" {
  description = "Refuse to delete the database (turn off deliberately before a destroy)."
  type        = bool
  default     = true
}

variable "db_password_version" {
  description = "Increase to generate a new database password and write it to RDS and Secrets Manager; then redeploy the service."
  type        = number
  default     = 1
}

# ---- application secrets -------------------------------------------------------------------

variable "openai_api_key" {
  description = "OpenAI (or compatible) API key. Read only when app_secrets_version changes; never stored in state."
  type        = string
  default     = ""
  sensitive   = true
  ephemeral   = true
}

variable "webhook_secret" {
  description = "HMAC key shared with the Rails app for POST /summaries. Read only when app_secrets_version changes; never stored in state."
  type        = string
  default     = ""
  sensitive   = true
  ephemeral   = true
}

variable "app_secrets_version" {
  description = "Increase to write openai_api_key, webhook_secret and the SES SMTP credentials to the app secret again."
  type        = number
  default     = 1
}

variable "ai_provider" {
  description = "AI gateway provider (ELEVARE_AI_PROVIDER): openai or local."
  type        = string
  default     = "openai"

  validation {
    condition     = contains(["openai", "local"], var.ai_provider)
    error_message = "ai_provider must be openai or local."
  }
}

variable "openai_base_url" {
  description = "OpenAI-compatible endpoint (OPENAI_BASE_URL)."
  type        = string
  default     = "https://api.openai.com/v1"
}

variable "transcript_hosts" {
  description = "Comma-separated hosts a summaries webhook's transcript_url may point at (ELEVARE_TRANSCRIPT_HOSTS); empty: inline transcripts only."
  type        = string
  default     = ""
}

# ---- Cognito -------------------------------------------------------------------------------

variable "cognito_callback_urls" {
  description = "Where the hosted UI may send users back after sign-in (the web app's URL)."
  type        = list(string)
}

variable "cognito_logout_urls" {
  description = "Where the hosted UI may send users after sign-out."
  type        = list(string)
}

variable "cognito_domain_prefix" {
  description = "Prefix of the Cognito hosted UI domain (<prefix>.auth.<region>.amazoncognito.com); empty for none."
  type        = string
  default     = ""
}

variable "cognito_self_signup" {
  description = "Let people create their own accounts (otherwise admins create them)."
  type        = bool
  default     = false
}

# ---- mail ----------------------------------------------------------------------------------

variable "ses_domain" {
  description = "Domain the nudge e-mails are sent from (SES domain identity)."
  type        = string
}

variable "mail_from" {
  description = "From header of outgoing mail (ELEVARE_SMTP_FROM); its address must be in ses_domain."
  type        = string
}

variable "public_url" {
  description = "The product's public address (ELEVARE_PUBLIC_URL): links in nudge e-mails start with it. Empty: https:// and public_domain, else the CloudFront distribution's name."
  type        = string
  default     = ""
}

variable "route53_zone_id" {
  description = "Hosted zone of ses_domain: when set, the SES verification and DKIM records are created there. Empty: add them by hand (outputs)."
  type        = string
  default     = ""
}

# ---- monitoring ----------------------------------------------------------------------------

variable "log_retention_days" {
  description = "Days CloudWatch keeps the service's logs."
  type        = number
  default     = 30
}

variable "alarm_email" {
  description = "Address subscribed to the alarm topic; empty for none (subscribe something else to the topic)."
  type        = string
  default     = ""
}

variable "alarm_5xx_percent" {
  description = "Alarm when more than this share of requests (percent) ends in a 5xx over 5 minutes."
  type        = number
  default     = 2
}

variable "alarm_p99_latency_seconds" {
  description = "Alarm when the p99 target response time stays above this many seconds."
  type        = number
  default     = 1.5
}

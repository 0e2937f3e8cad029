# Application autoscaling of the service between min_count (3) and max_count (10) tasks, on two
# target-tracking policies: CPU and ALB requests per task. It scales out when either asks and in
# only when both allow. Never below 3: the split-brain resolver (keep-majority) needs a majority
# that survives one lost task, and bootstrap needs 3 contact points when a new cluster forms.
#
# Scale-in is slow on purpose: a removed task gets SIGTERM, leaves the cluster and hands its
# shards (students) over (stopTimeout 120 s); the survivors recover those students' state from
# the journal. The long scale-in cooldown lets that settle, and the load measured after it, before
# the next task goes. Scale-out is quick: a new task joins and takes shards within about a minute.

resource "aws_appautoscaling_target" "app" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.app.name}"
  min_capacity       = var.min_count
  max_capacity       = var.max_count
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "${local.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.app.service_namespace
  scalable_dimension = aws_appautoscaling_target.app.scalable_dimension
  resource_id        = aws_appautoscaling_target.app.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.scale_cpu_percent
    scale_out_cooldown = 60
    scale_in_cooldown  = var.scale_in_cooldown_seconds

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  name               = "${local.name}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.app.service_namespace
  scalable_dimension = aws_appautoscaling_target.app.scalable_dimension
  resource_id        = aws_appautoscaling_target.app.resource_id

  target_tracking_scaling_policy_configuration {
    # Requests per task per minute (the metric is a per-minute sum per target).
    target_value       = var.scale_requests_per_task
    scale_out_cooldown = 60
    scale_in_cooldown  = var.scale_in_cooldown_seconds

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.main.arn_suffix}/${aws_lb_target_group.app.arn_suffix}"
    }
  }
}

# ElevareAI. `make run` starts the product on its embedded default; `make test` runs every test.
MVN ?= mvn -B -q
CP_FILE := target/classpath.txt

.PHONY: run test ui-test package image eval-elo bench bench-entities bench-failover clean
BENCH_CP := target/bench-classpath.txt

package:
	bin/ensure-tools run
	$(MVN) -DskipTests package

run: package
	java -XX:+UseParallelGC -jar target/elevare.jar

# make image [IMAGE_BASE=offline|registry] [IMAGE_TAG=...]: the OCI image tarball target/elevare-image.tar,
# built by Jib without a Docker daemon (layout and user of infra/image/Dockerfile; pom.xml, jib-maven-plugin).
#   offline (default): a Debian 12 + openjdk-17-jre-headless base made from Debian's packages by
#     infra/image/offline-base.sh, cached in $(IMAGE_BASE_CACHE) (delete it to pick up security updates).
#   registry: eclipse-temurin:17-jre from Docker Hub (CI with internet: .github/workflows).
# The image carries ELEVARE_APP_VERSION = the commit time, so every later commit's image has a higher
# pekko.cluster.app-version. Load it with `docker load -i` or push it with crane/skopeo.
IMAGE_BASE ?= offline
IMAGE_TAG ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo dev)
IMAGE_APP_VERSION ?= $(shell TZ=UTC git log -1 --format=%cd --date=format-local:%Y%m%d.%H%M%S 2>/dev/null || echo 0.0.0)
IMAGE_BASE_CACHE ?= $(HOME)/.cache/elevare/base-bookworm-jre17.tar
IMAGE_FROM_offline = tar://$(IMAGE_BASE_CACHE)
IMAGE_FROM_registry = eclipse-temurin:17-jre

image: package $(if $(filter offline,$(IMAGE_BASE)),$(IMAGE_BASE_CACHE))
	$(MVN) jib:buildTar -Dimage.base=$(IMAGE_FROM_$(IMAGE_BASE)) -Dimage.tag=$(IMAGE_TAG) \
	  -Dimage.app-version=$(IMAGE_APP_VERSION) -Dimage.revision=$$(git rev-parse HEAD 2>/dev/null || echo unknown)
	@ls -l target/elevare-image.tar

$(IMAGE_BASE_CACHE): infra/image/offline-base.sh
	infra/image/offline-base.sh $@

test:
	bin/ensure-tools test
	bin/ensure-postgres
	rm -rf target/surefire-reports
	$(MVN) verify || { bin/test-summary; exit 1; }
	bin/test-summary
	$(MAKE) ui-test

# The web app's tests: Vitest component tests, then Chromium (/usr/bin/chromium) driving the jar that
# `mvn verify` just built, on free ports and a throwaway data dir. Screenshots: target/e2e-screenshots.
ui-test:
	cd ui && npm test && npm run e2e

$(CP_FILE): pom.xml
	$(MVN) compile dependency:build-classpath -Dmdep.outputFile=$(CP_FILE) -Dmdep.includeScope=runtime

# make eval-elo: every variant of the rating model on both data sets in $(KT_DATA), one table (docs/elo-evaluation.md).
# One pair: make eval-elo TRAIN=.../preprocessed_data_train.csv TEST=.../preprocessed_data_test.csv [VARIANT=tuned]
KT_DATA ?= ../shared/data/kt
eval-elo: $(CP_FILE)
	$(MVN) compile
	KT_DATA=$(KT_DATA) java -cp target/classes:$$(cat $(CP_FILE)) ai.elevare.rating.EloEvaluation $(TRAIN) $(TEST) $(VARIANT)

# make bench [ARGS="--students 200 --think-ms 5000 --paced-seconds 60 --light-seconds 60 --seconds 60"]: starts the
# product on a fresh PostgreSQL database as its own process, warms it, drives a paced, a light and a saturated
# mixed load, measures the ceilings, ends with one RESULT line (about 6 minutes; flags in ARGS=--help).
# Other benchmarks: BENCH=EntityBench (heap per idle entity, recovery), MathBench, QaBench.
BENCH ?= SystemBench
bench:
	bin/ensure-postgres
	$(MVN) -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=$(BENCH_CP) -Dmdep.includeScope=test
	java -XX:+UseParallelGC -cp target/test-classes:target/classes:$$(cat $(BENCH_CP)) ai.elevare.bench.$(BENCH) $(ARGS)

bench-entities:
	$(MAKE) bench BENCH=EntityBench

# The kill test of `make test` (ClusterFailoverIT: three JVMs, SIGKILL, then SIGTERM) with more students
# [STUDENTS=48]; prints the failover times (docs/benchmarks.md, "Cluster failover").
STUDENTS ?= 48
bench-failover:
	bin/ensure-postgres
	$(MVN) -Dexec.skip test -Dtest=ClusterFailoverIT -Dfailover.students=$(STUDENTS) -Dsurefire.failIfNoSpecifiedTests=false

clean:
	$(MVN) clean
	rm -rf data

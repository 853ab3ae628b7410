# The Argus runtime image: the distribution folder built by Maven, run against external
# Kafka, S3 and Elasticsearch (see docker-compose.yml). Built from the repository root.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --create-home argus && mkdir -p /var/lib/argus && chown argus /var/lib/argus
COPY --from=build /src/target/argus/lib /opt/argus/lib
USER argus
WORKDIR /var/lib/argus
ENV ARGUS_DATA_DIR=/var/lib/argus
ENTRYPOINT ["java", "-Dargus.home=/opt/argus", "-cp", "/opt/argus/lib/*", "io.argus.Argus"]
CMD ["run"]

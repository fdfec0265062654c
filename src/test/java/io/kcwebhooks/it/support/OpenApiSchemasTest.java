package io.kcwebhooks.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The checker OpenApiIT relies on must see what a wrong answer gets wrong. */
class OpenApiSchemasTest {

  private static final OpenApiSchemas SCHEMAS =
      new OpenApiSchemas(
          Json.read(
              """
              {"components": {"schemas": {
                "Thing": {"type": "object", "required": ["id"], "properties": {
                  "id": {"type": "string"},
                  "count": {"type": "integer"},
                  "state": {"type": "string", "enum": ["on", "off"]},
                  "at": {"type": "string", "format": "date-time"},
                  "flag": {"oneOf": [{"type": "boolean"}, {"type": "string", "enum": ["true"]}]},
                  "note": {"type": "string", "nullable": true},
                  "tags": {"type": "array", "items": {"type": "string"}}
                }}
              }}}
              """));

  private static final String THING = "{\"$ref\": \"#/components/schemas/Thing\"}";

  @Test
  void aConformingAnswerHasNoProblems() {
    assertThat(
            problems(
                "{\"id\": \"a\", \"count\": 2, \"state\": \"on\", \"at\": \"2026-11-27T10:15:30.120Z\","
                    + " \"flag\": \"true\", \"note\": null, \"tags\": [\"x\"]}"))
        .isEmpty();
  }

  @Test
  void eachKindOfMismatchIsReportedWithWhereItIs() {
    assertThat(
            problems(
                "{\"count\": 1.5, \"state\": \"maybe\", \"at\": \"yesterday\", \"flag\": 1,"
                    + " \"tags\": [\"x\", 3], \"extra\": true}"))
        .containsExactlyInAnyOrder(
            "$: required property 'id' is missing",
            "$.count: expected integer but got 1.5",
            "$.state: \"maybe\" is not one of [\"on\",\"off\"]",
            "$.at: \"yesterday\" is not an RFC 3339 date-time",
            "$.flag: 1 matches 0 of the oneOf schemas, not 1",
            "$.tags[1]: expected string but got 3",
            "$.extra: property not documented in the schema");
  }

  @Test
  void nullIsAllowedOnlyWhereTheSchemaSaysNullable() {
    assertThat(problems("{\"id\": null}"))
        .containsExactly("$.id: null, but the schema is not nullable");
  }

  private static java.util.List<String> problems(String json) {
    return SCHEMAS.problems(Json.read(json), Json.read(THING));
  }
}

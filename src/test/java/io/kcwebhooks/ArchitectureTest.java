package io.kcwebhooks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependencies between the extension's parts pointing one way, so that each part can be
 * read knowing only the parts below it.
 */
class ArchitectureTest {

  private static final String ROOT = "io.kcwebhooks";

  /**
   * The packages from top to bottom: each may use only the packages after it. An event becomes
   * outbox rows; the delivery engine claims them and hands them to the sender, which asks address
   * vetting where it may connect. Subscriptions (the webhooks themselves) are read by all.
   */
  private static final List<String> TOP_DOWN =
      List.of("api", "console", "event", "delivery", "sender", "vetting", "outbox", "subscription");

  private static final int MAX_LINES = 300;

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void everyClassIsInOneOfTheOrderedPackages() {
    classes().should().resideInAnyPackage(packagesOf(TOP_DOWN)).check(PRODUCTION);
  }

  @Test
  void packagesUseOnlyThePackagesBelowThem() {
    List<ArchRule> rules = new ArrayList<>();
    for (int i = 1; i < TOP_DOWN.size(); i++) {
      rules.add(
          noClasses()
              .that()
              .resideInAPackage(packageOf(TOP_DOWN.get(i)))
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(packagesOf(TOP_DOWN.subList(0, i))));
    }
    CompositeArchRule.of(rules).check(PRODUCTION);
  }

  /** Within a package too: no two classes need each other, directly or around a loop. */
  @Test
  void noClassesDependOnEachOtherInALoop() {
    slices().assignedFrom(TOP_LEVEL_CLASSES).should().beFreeOfCycles().check(PRODUCTION);
  }

  @Test
  void noSourceFileIsLongerThanTheLimit() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      List<String> tooLong =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> lines(file) > MAX_LINES)
              .map(file -> file + " has " + lines(file) + " lines")
              .toList();
      assertThat(tooLong).isEmpty();
    }
  }

  /** Nested, anonymous and lambda classes belong to the class in whose file they are written. */
  private static final SliceAssignment TOP_LEVEL_CLASSES =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String name = javaClass.getName();
          int nested = name.indexOf('$');
          return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
        }

        @Override
        public String getDescription() {
          return "top-level classes";
        }
      };

  private static String packageOf(String name) {
    return ROOT + "." + name + "..";
  }

  private static String[] packagesOf(List<String> names) {
    return names.stream().map(ArchitectureTest::packageOf).toArray(String[]::new);
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

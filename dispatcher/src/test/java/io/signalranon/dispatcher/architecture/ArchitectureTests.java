package io.signalranon.dispatcher.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.jspecify.annotations.NullMarked;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dispatcher's shape, checked on its production classes: packages follow the steps of a run and
 * depend only downward, SQL lives in repositories, one logging API, constructor injection, and every
 * package is null-marked.
 */
@AnalyzeClasses(packages = "io.signalranon.dispatcher", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    private static final String BASE = "io.signalranon.dispatcher";

    /** From the top of a run (the command line) down to the values every step shares. */
    static final String[] LAYERS = {
        "cli",
        "report",
        "job",
        "metrics",
        "operate",
        "reprocess",
        "delivery",
        "failure",
        "offer",
        "target",
        "ingest",
        "membership",
        "privacy",
        "message",
        "jdbc"
    };

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching(BASE + ".(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule packagesDependOnlyDownward = layersDownward();

    @ArchTest
    static final ArchRule sqlLivesInRepositories = noClasses()
            .that(are(not(repositories())))
            .should(callJdbc())
            .as("only a table's repository issues SQL: a *Repository class, the membership store"
                    + " (membership's MembershipStore and *ChangeStore classes) or a jdbc helper");

    @ArchTest
    static final ArchRule noFieldInjection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

    @ArchTest
    static final ArchRule noJavaUtilLogging = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    @ArchTest
    static final ArchRule slf4jOnly = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.commons.logging..", "org.apache.logging.log4j..")
            .as("log through SLF4J only");

    @ArchTest
    static final ArchRule packagesAreNullMarked =
            classes().should(bePackageAnnotated()).as("every package is @NullMarked in its package-info.java");

    static ArchRule layersDownward() {
        var layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        var defined = layers.layer("application").definedBy(BASE);
        for (String name : LAYERS) {
            defined = defined.layer(name).definedBy(BASE + "." + name + "..");
        }
        var rule = defined.whereLayer("application").mayNotBeAccessedByAnyLayer();
        for (int i = 0; i < LAYERS.length; i++) {
            String[] above = new String[i + 1];
            above[0] = "application";
            System.arraycopy(LAYERS, 0, above, 1, i);
            rule = i == 0
                    ? rule.whereLayer(LAYERS[i]).mayOnlyBeAccessedByLayers("application")
                    : rule.whereLayer(LAYERS[i]).mayOnlyBeAccessedByLayers(above);
        }
        return rule;
    }

    /** The classes that may issue SQL: the repositories (one writes each table) and the helpers they share. */
    private static DescribedPredicate<JavaClass> repositories() {
        return DescribedPredicate.describe(
                "repositories",
                javaClass -> javaClass.getSimpleName().endsWith("Repository")
                        || javaClass.getPackageName().equals(BASE + ".membership")
                                && (javaClass.getSimpleName().equals("MembershipStore")
                                        || javaClass.getSimpleName().endsWith("ChangeStore"))
                        || javaClass.getPackageName().equals(BASE + ".jdbc"));
    }

    private static ArchCondition<JavaClass> callJdbc() {
        return new ArchCondition<>("call JDBC operations") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
                    JavaClass owner = call.getTargetOwner();
                    if (owner.isAssignableTo(JdbcOperations.class)
                            || owner.isAssignableTo(JdbcTemplate.class)
                            || owner.isAssignableTo(NamedParameterJdbcOperations.class)
                            || owner.isAssignableTo(JdbcClient.class)) {
                        events.add(SimpleConditionEvent.satisfied(call, call.getDescription()));
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaClass> bePackageAnnotated() {
        return new ArchCondition<>("reside in a @NullMarked package") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                boolean marked = javaClass.getPackage().isAnnotatedWith(NullMarked.class);
                events.add(new SimpleConditionEvent(
                        javaClass, marked, javaClass.getPackageName() + " is not @NullMarked"));
            }
        };
    }
}

package org.mbo4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.Npy;
import org.mbo4j.task.Oracle;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.mbo4j.task.designbench.DataLocator;

/**
 * The rooms' one-way arrows (DESIGN.md, docs/ARCHITECTURE.md) and the offline discipline, checked on the compiled
 * main classes with ArchUnit.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mbo4j");

    /** A method sees only its OfflineProblem: no oracle, no task registry or family, no task files, no eval. */
    static final ArchRule METHODS_STAY_OFFLINE = noClasses()
            .that()
            .resideInAPackage("org.mbo4j.method..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.mbo4j.eval..",
                    "org.mbo4j.task.designbench..",
                    "org.mbo4j.task.synthetic..",
                    "org.mbo4j.task.moo..")
            .orShould()
            .dependOnClassesThat()
            .belongToAnyOf(Tasks.class, Task.class, Oracle.class, DataLocator.class, Npy.class)
            .because("a method sees only its OfflineProblem (issue 19: offline discipline by construction)");

    @Test
    void methodsNeverReachAnOracleTaskDataOrEval() {
        METHODS_STAY_OFFLINE.check(MAIN);
    }

    /**
     * The rule bites: the cheating methods of {@code OfflineDisciplineTest} (test classes in {@code org.mbo4j.method})
     * break it once for each forbidden kind of class they use.
     */
    @Test
    void theMethodRuleCatchesTheCheats() {
        JavaClasses cheats = new ClassFileImporter().importPackages("org.mbo4j.method");
        EvaluationResult r = METHODS_STAY_OFFLINE.evaluate(cheats);
        assertTrue(r.hasViolation());
        TreeSet<String> targets = new TreeSet<>();
        for (String line : r.getFailureReport().getDetails()) {
            for (String t : List.of(
                    "org.mbo4j.task.Tasks",
                    "org.mbo4j.task.Task.",
                    "org.mbo4j.eval.HeldOut",
                    "org.mbo4j.eval.Evaluation",
                    "org.mbo4j.task.synthetic.SyntheticTasks",
                    "org.mbo4j.task.designbench.DataLocator",
                    "org.mbo4j.data.Npy",
                    "org.mbo4j.eval.Benchmark")) {
                if (line.contains("OfflineDisciplineTest") && line.contains("<" + t)) targets.add(t);
            }
        }
        assertEquals(
                new TreeSet<>(List.of(
                        "org.mbo4j.data.Npy",
                        "org.mbo4j.eval.Benchmark",
                        "org.mbo4j.eval.Evaluation",
                        "org.mbo4j.eval.HeldOut",
                        "org.mbo4j.task.Task.",
                        "org.mbo4j.task.Tasks",
                        "org.mbo4j.task.designbench.DataLocator",
                        "org.mbo4j.task.synthetic.SyntheticTasks")),
                targets);
    }

    @Test
    void nnKnowsNothingOfTasksMethodsOrWhatIsAbove() {
        noClasses()
                .that()
                .resideInAPackage("org.mbo4j.nn..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.mbo4j.task..",
                        "org.mbo4j.method..",
                        "org.mbo4j.eval..",
                        "org.mbo4j.moo..",
                        "org.mbo4j.viz..",
                        "org.mbo4j.notebook..",
                        "org.mbo4j.cli..")
                .check(MAIN);
    }

    @Test
    void nothingImportsCliOrNotebook() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.mbo4j.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.mbo4j.cli..")
                .check(MAIN);
        noClasses()
                .that()
                .resideOutsideOfPackage("org.mbo4j.notebook..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.mbo4j.notebook..")
                .check(MAIN);
    }

    /** docs/ARCHITECTURE.md: data depends on no room (it uses the util helpers and the offline guard, see the doc). */
    @Test
    void dataDependsOnNoRoom() {
        noClasses()
                .that()
                .resideInAPackage("org.mbo4j.data..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.mbo4j.task..",
                        "org.mbo4j.nn..",
                        "org.mbo4j.method..",
                        "org.mbo4j.moo..",
                        "org.mbo4j.eval..",
                        "org.mbo4j.viz..",
                        "org.mbo4j.notebook..",
                        "org.mbo4j.cli..",
                        "org.mbo4j.perf..")
                .check(MAIN);
    }

    /** docs/ARCHITECTURE.md: moo's Pareto and hypervolume classes import nothing from the project. */
    @Test
    void mooImportsNothingFromTheProject() {
        noClasses()
                .that()
                .resideInAPackage("org.mbo4j.moo..")
                .should()
                .dependOnClassesThat(projectClassesOutside("org.mbo4j.moo"))
                .check(MAIN);
    }

    @Test
    void taskDependsOnlyOnDataMooAndTheBottomPackages() {
        noClasses()
                .that()
                .resideInAPackage("org.mbo4j.task..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.mbo4j.nn..",
                        "org.mbo4j.method..",
                        "org.mbo4j.eval..",
                        "org.mbo4j.viz..",
                        "org.mbo4j.perf..")
                .check(MAIN);
    }

    /** DESIGN.md: method never imports eval (above); nor anything else above it. */
    @Test
    void methodDependsOnNothingAboveIt() {
        noClasses()
                .that()
                .resideInAPackage("org.mbo4j.method..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.mbo4j.viz..", "org.mbo4j.perf..")
                .check(MAIN);
    }

    @Test
    void evalDependsOnNothingAboveIt() {
        noClasses()
                .that()
                .resideInAPackage("org.mbo4j.eval..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.mbo4j.viz..", "org.mbo4j.perf..")
                .check(MAIN);
    }

    /** The bottom packages: the offline guard and the util helpers depend on nothing of the project. */
    @Test
    void offlineAndUtilAreLeaves() {
        for (String leaf : List.of("org.mbo4j.offline", "org.mbo4j.util")) {
            noClasses()
                    .that()
                    .resideInAPackage(leaf + "..")
                    .should()
                    .dependOnClassesThat(projectClassesOutside(leaf))
                    .check(MAIN);
        }
    }

    private static DescribedPredicate<JavaClass> projectClassesOutside(String pkg) {
        return DescribedPredicate.describe("project classes outside " + pkg, c -> {
            String p = c.getPackageName();
            return p.startsWith("org.mbo4j") && !p.equals(pkg) && !p.startsWith(pkg + ".");
        });
    }

    /**
     * jMetal (NSGA-II and MOEA/D for the multi-objective proxies) stays behind two adapters,
     * {@code method.moo.JMetalNsgaII} and {@code method.moo.JMetalMoead}, and their nested classes: nothing else of
     * mbo4j imports it (docs/ARCHITECTURE.md).
     */
    @Test
    void onlyTheNsgaIIAdapterImportsJMetal() {
        String adapter = "org.mbo4j.method.moo.JMetalNsgaII";
        String moead = "org.mbo4j.method.moo.JMetalMoead";
        noClasses()
                .that(DescribedPredicate.describe(
                        "outside " + adapter + " and " + moead,
                        c -> !c.getName().equals(adapter)
                                && !c.getName().startsWith(adapter + "$")
                                && !c.getName().equals(moead)
                                && !c.getName().startsWith(moead + "$")))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.uma.jmetal..")
                .check(MAIN);
        EvaluationResult inside = noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.uma.jmetal..")
                .evaluate(MAIN);
        assertTrue(inside.hasViolation(), "the adapter does use jMetal, so the rule above can bite");
    }

    /** One-way arrows: no cycle between the rooms. */
    @Test
    void roomsHaveNoCycles() {
        slices().matching("org.mbo4j.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}

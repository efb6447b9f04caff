package org.myoscreen.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of the architecture (its module table, dependencies pointing one way), checked on
 * the production classes of every module: app's test classpath is the one that holds them all. Modules
 * are told apart by package, and a nested package belongs to the most specific module:
 * {@code org.myoscreen.dicom.net.internal.ul} is dicom-net's, not dicom's. Test classes are left out: a
 * module's tests may reach into its own internals, and only some modules' tests are on this classpath.
 */
class ModuleRulesTest {

    /** Module name and root package; dicom-net's root lies inside dicom's. */
    private record Module(String name, String rootPackage) {

        boolean owns(String packageName) {
            return packageName.equals(rootPackage) || packageName.startsWith(rootPackage + ".");
        }
    }

    private static final List<Module> MODULES = List.of(
            new Module("dicom", "org.myoscreen.dicom"),
            new Module("dicom-net", "org.myoscreen.dicom.net"),
            new Module("volume", "org.myoscreen.volume"),
            new Module("phantom", "org.myoscreen.phantom"),
            new Module("inference", "org.myoscreen.inference"),
            new Module("analysis", "org.myoscreen.analysis"),
            new Module("report", "org.myoscreen.report"),
            new Module("pipeline", "org.myoscreen.pipeline"),
            new Module("app", "org.myoscreen.app"));

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.myoscreen");
    }

    /** A rule over no classes passes whatever it says: every module must be on this classpath, and only its main code. */
    @Test
    void everyModulesProductionClassesAreImportedAndNoTestClasses() {
        for (Module m : MODULES) {
            assertThat(production.stream()
                            .filter(c -> moduleOf(c.getPackageName()).equals(Optional.of(m))))
                    .as("production classes of %s", m.name())
                    .isNotEmpty();
        }
        assertThat(production.stream().map(JavaClass::getSimpleName)).doesNotContain("ModuleRulesTest");
    }

    @Test
    void internalPackagesAreUsedOnlyInsideTheirModule() {
        classes()
                .that(resideInAPackage("org.myoscreen.."))
                .should(notDependOnAnotherModulesInternals())
                .check(production);
    }

    @Test
    void dicomUsesNothingOfOurs() {
        noClasses()
                .that(inModule("dicom"))
                .should()
                .dependOnClassesThat(resideInAPackage("org.myoscreen..").and(not(inModule("dicom"))))
                .check(production);
    }

    @Test
    void analysisAndInferenceUseNoDicom() {
        noClasses()
                .that(resideInAnyPackage("org.myoscreen.analysis..", "org.myoscreen.inference.."))
                .should()
                .dependOnClassesThat(resideInAPackage("org.myoscreen.dicom.."))
                .because("they work on volumes and label maps only, so they are testable without any DICOM")
                .check(production);
    }

    @Test
    void pipelineUsesNoApp() {
        noClasses()
                .that(inModule("pipeline"))
                .should()
                .dependOnClassesThat(inModule("app"))
                .check(production);
    }

    /** The one-way table: app, then pipeline, then report, analysis, inference, volume, dicom-net, then dicom. */
    @Test
    void modulesDependOnlyDownTheTable() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("dicom")
                .definedBy(inModule("dicom"))
                .layer("dicom-net")
                .definedBy(inModule("dicom-net"))
                .layer("volume")
                .definedBy(inModule("volume"))
                .layer("phantom")
                .definedBy(inModule("phantom"))
                .layer("inference")
                .definedBy(inModule("inference"))
                .layer("analysis")
                .definedBy(inModule("analysis"))
                .layer("report")
                .definedBy(inModule("report"))
                .layer("pipeline")
                .definedBy(inModule("pipeline"))
                .layer("app")
                .definedBy(inModule("app"))
                .whereLayer("dicom")
                .mayNotAccessAnyLayer()
                .whereLayer("dicom-net")
                .mayOnlyAccessLayers("dicom")
                .whereLayer("volume")
                .mayOnlyAccessLayers("dicom")
                .whereLayer("phantom")
                .mayOnlyAccessLayers("volume", "dicom")
                .whereLayer("inference")
                .mayOnlyAccessLayers("volume")
                .whereLayer("analysis")
                .mayOnlyAccessLayers("volume")
                .whereLayer("report")
                .mayOnlyAccessLayers("analysis", "volume", "dicom")
                .whereLayer("pipeline")
                .mayOnlyAccessLayers("report", "analysis", "inference", "volume", "dicom-net", "dicom")
                .whereLayer("app")
                .mayNotBeAccessedByAnyLayer()
                .check(production);
    }

    private static Optional<Module> moduleOf(String packageName) {
        return MODULES.stream()
                .filter(m -> m.owns(packageName))
                .max(Comparator.comparingInt(m -> m.rootPackage().length()));
    }

    private static DescribedPredicate<JavaClass> inModule(String name) {
        return DescribedPredicate.describe(
                "are in module " + name,
                c -> moduleOf(c.getPackageName())
                        .map(m -> m.name().equals(name))
                        .orElse(false));
    }

    private static boolean isInternal(String packageName, Module module) {
        String internal = module.rootPackage() + ".internal";
        return packageName.equals(internal) || packageName.startsWith(internal + ".");
    }

    private static ArchCondition<JavaClass> notDependOnAnotherModulesInternals() {
        return new ArchCondition<>("not depend on another module's internal packages") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<Module> from = moduleOf(origin.getPackageName());
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    Optional<Module> to = moduleOf(target);
                    if (to.isPresent() && !to.equals(from) && isInternal(target, to.get())) {
                        events.add(SimpleConditionEvent.violated(
                                d,
                                d.getDescription() + " reaches into module "
                                        + to.get().name() + "'s internal package"));
                    }
                }
            }
        };
    }
}

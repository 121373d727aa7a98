// Opens an ontology file with the OWL API (what Protege uses) and reports, one fact per
// line, what a Protege user would meet: the format it was read as, the triples the parser
// could not turn into axioms, the OWL 2 DL profile violations, and the declared entities.
// Run (Java 11+, Debian's libowlapi-java): java -cp '/usr/share/java/*' CheckOntology.java FILE
import java.io.File;
import java.util.TreeSet;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.RDFDocumentFormat;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.model.parameters.Imports;

public class CheckOntology {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT)
            .setStrict(false);
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(
            new FileDocumentSource(new File(args[0])), config);
        OWLDocumentFormat format = ontology.getFormat();
        System.out.println("format\t" + format.getKey());
        int unparsed = 0;
        if (format instanceof RDFDocumentFormat) {
            RDFDocumentFormat rdf = (RDFDocumentFormat) format;
            if (rdf.getOntologyLoaderMetaData().isPresent()) {
                for (Object triple : new java.util.ArrayList<Object>(
                        rdf.getOntologyLoaderMetaData().get().getUnparsedTriples().collect(
                            java.util.stream.Collectors.toList()))) {
                    System.out.println("unparsed\t" + triple);
                    unparsed++;
                }
            }
        }
        System.out.println("unparsed-count\t" + unparsed);
        System.out.println("axioms\t" + ontology.getAxiomCount());
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        TreeSet<String> violations = new TreeSet<>();
        for (OWLProfileViolation violation : report.getViolations()) {
            violations.add(violation.toString().replace('\n', ' '));
        }
        for (String v : violations) System.out.println("dl-violation\t" + v);
        System.out.println("dl-violation-count\t" + violations.size());
        TreeSet<String> declared = new TreeSet<>();
        ontology.signature(Imports.EXCLUDED).forEach((OWLEntity e) -> {
            if (ontology.isDeclared(e)) {
                declared.add(e.getEntityType().getName() + "\t" + e.getIRI());
            } else if (!e.isBuiltIn()) {
                System.out.println("undeclared\t" + e.getEntityType().getName() + "\t" + e.getIRI());
            }
        });
        for (String d : declared) System.out.println("declared\t" + d);
    }
}

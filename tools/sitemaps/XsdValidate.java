// Validates an XML file against an XML Schema with the JDK's own validator
// (javax.xml.validation, no other library), for tests/quartier/test_sitemap_schema.py:
//     java tools/sitemaps/XsdValidate.java tools/sitemaps/sitemap.xsd sitemap.xml
// Prints one line per error ("line:column: message") and exits 1 if there is any.
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

public class XsdValidate {
    public static void main(String[] args) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // Offline: no schema or DTD is fetched from the network.
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        Validator validator = factory.newSchema(new File(args[0])).newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        List<String> errors = new ArrayList<>();
        validator.setErrorHandler(new ErrorHandler() {
            public void warning(SAXParseException e) {}
            public void error(SAXParseException e) { errors.add(line(e)); }
            public void fatalError(SAXParseException e) { errors.add(line(e)); }
        });
        try {
            validator.validate(new StreamSource(new File(args[1])));
        } catch (SAXParseException e) {
            // already reported through fatalError
        }
        errors.forEach(System.out::println);
        System.exit(errors.isEmpty() ? 0 : 1);
    }

    private static String line(SAXParseException e) {
        return e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage();
    }
}

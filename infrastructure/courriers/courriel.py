"""Letters sent by e-mail, over SMTP (the standard library's ``smtplib``): the PDF attached, as rendered.

The subject says which letter it is and nothing of the person; the body says the letter is attached and how to
check it is the one sent (its SHA-256). The addressee's address appears only in the envelope. A refusal by the
server, or no server, raises ``EnvoiImpossible``: nothing is recorded, the command can be sent again. Nothing
personal reaches a log: the error says which server failed, not to whom the letter went.
"""

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from pydantic import SecretStr

from application.courriers import Accuse, Envoi, EnvoiImpossible
from domain.vocabulaire import CanalCourrier
from infrastructure.courriers.lettre import nom_de_fichier
from projections.libelles import NATURES_COURRIER


class ExpediteurCourriel:
    """Sends each letter as one message through ``hote``:``port``, STARTTLS and login if configured."""

    canaux = frozenset({CanalCourrier.COURRIEL})

    def __init__(
        self,
        hote: str,
        port: int,
        expediteur: str,
        starttls: bool = False,
        utilisateur: str | None = None,
        mot_de_passe: SecretStr | None = None,
        delai_secondes: float = 10.0,
    ) -> None:
        self.hote, self.port, self.expediteur = hote, port, expediteur
        self.starttls, self.utilisateur, self.mot_de_passe = starttls, utilisateur, mot_de_passe
        self.delai_secondes = delai_secondes

    def envoyer(self, envoi: Envoi) -> Accuse:
        message = self.message(envoi)
        try:
            with smtplib.SMTP(self.hote, self.port, timeout=self.delai_secondes) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.utilisateur is not None and self.mot_de_passe is not None:
                    smtp.login(self.utilisateur, self.mot_de_passe.get_secret_value())
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as erreur:
            raise EnvoiImpossible(
                f"Le serveur de courriel {self.hote}:{self.port} n'a pas pris le courrier ({type(erreur).__name__}).",
                "envoi-echoue",
            ) from None
        return Accuse(str(message["Message-ID"]))

    def message(self, envoi: Envoi) -> EmailMessage:
        """The message: the letter's kind as subject, a short text, the PDF attached."""
        if envoi.coordonnees.courriel is None:
            raise EnvoiImpossible("Le destinataire n'a pas d'adresse électronique.", "envoi-echoue")
        nature = NATURES_COURRIER[envoi.nature]
        message = EmailMessage()
        message["From"] = self.expediteur
        message["To"] = envoi.coordonnees.courriel
        message["Subject"] = f"Votre courrier : {nature}"
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = f"<{envoi.reference}@{self.expediteur.rpartition('@')[2] or 'parcours'}>"
        message.set_content(
            f"Bonjour,\n\nVous trouverez ci-joint un courrier vous concernant : {nature}.\n\n"
            "Conservez-le : il fait partie de votre dossier. Son empreinte SHA-256, enregistrée lors de son envoi, "
            f"est {envoi.empreinte} ; elle permet de vérifier que ce fichier est bien celui qui vous a été adressé.\n\n"
            "Ce message est envoyé automatiquement : n'y répondez pas.\n",
            charset="utf-8",
        )
        message.add_attachment(envoi.pdf, maintype="application", subtype="pdf", filename=nom_de_fichier(envoi.nature))
        return message
